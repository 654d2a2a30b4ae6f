import "server-only";
import { env } from "../env";
import { checkDatabasePath } from "./check-database-path";

/** What can be checked without the database; `npm start` runs it before migrating, the server again as it starts. */
export function checkConfig(): void {
  env();
  checkDatabasePath();
}
