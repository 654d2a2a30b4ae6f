import "server-only";
import { closeSync, existsSync, mkdirSync, openSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { env } from "../env";

/** Otherwise a folder given as the file, or a read-only folder (SQLite writes -wal/-shm beside it), surfaces as "External error id#0". */
export function checkDatabasePath(): void {
  const file = env().databasePath;
  if (!file) return;
  const dir = path.dirname(file);
  const fail = (problem: string) => {
    throw new Error(`Glimpse configuration is invalid:\n  DATABASE_URL: ${problem}`);
  };
  if (existsSync(file) && statSync(file).isDirectory()) {
    fail(`${file} is a folder; point it at a file, for example file:${path.join(file, "glimpse.db")}`);
  }
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    fail(`cannot create the folder ${dir} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (!statSync(dir).isDirectory()) fail(`${dir} is not a folder`);
  const probe = path.join(dir, `.glimpse-write-check-${process.pid}`);
  try {
    closeSync(openSync(probe, "w", 0o600));
    rmSync(probe, { force: true });
  } catch (error) {
    fail(`the folder ${dir} is not writable (${(error as NodeJS.ErrnoException).code ?? String(error)}); SQLite writes the database and its -wal and -shm files there`);
  }
  if (existsSync(file)) {
    try {
      closeSync(openSync(file, "r+"));
    } catch (error) {
      fail(`${file} cannot be opened for writing (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
}
