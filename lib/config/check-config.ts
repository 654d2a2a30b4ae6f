import "server-only";
import { env } from "../env";
import { checkDatabasePath } from "./check-database-path";

/** What can be checked without the database; `npm start` runs it before migrating, the server again as it starts. */
export function checkConfig(): void {
  const e = env();
  if (e.databaseProvider === "sqlite") checkDatabasePath();
  else checkSharedSecrets();
}

/**
 * On PostgreSQL, several instances share the data: a key generated into one machine's data folder
 * would leave the others unable to read what it encrypted, or to accept its sessions.
 */
function checkSharedSecrets(): void {
  const missing = (["GLIMPSE_MASTER_KEY", "AUTH_SECRET"] as const).filter((name) => !env()[name]);
  if (missing.length === 0) return;
  const lines = missing.map((name) => `  ${name}: required with PostgreSQL, the same on every instance (generate one with: openssl rand -hex 32)`);
  throw new Error(`Glimpse configuration is invalid:\n${lines.join("\n")}`);
}
