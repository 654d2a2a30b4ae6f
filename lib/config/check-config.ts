import { env } from "../env";
import { checkDatabasePath } from "./check-database-path";

/**
 * Everything about the configuration that can be checked without the database: the variables
 * and the database path. `npm start` runs it before migrating or building, and the server again
 * as it starts, so that a bad value stops the process at once with a message naming it.
 */
export function checkConfig(): void {
  env();
  checkDatabasePath();
}
