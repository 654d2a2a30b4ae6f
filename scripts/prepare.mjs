// Makes the checkout runnable: Prisma client generated, data folder migrated.
import { generateClient, migrate } from "./lib.mjs";

generateClient();
migrate();
