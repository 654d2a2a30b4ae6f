import { copyFileSync, mkdtempSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { createTestDatabase, onPostgres } from "../support/postgres-test-db";

// Each test file gets its own migrated database (a SQLite file, or a PostgreSQL database) and its
// own data folder.
const dir = mkdtempSync(path.join(tmpdir(), "glimpse-test-"));
if (onPostgres()) {
  process.env.DATABASE_URL = await createTestDatabase(inject("templateDb"), `glimpse_t_${process.ppid}_${randomBytes(6).toString("hex")}`);
  process.env.GLIMPSE_DATA_DIR = dir;
} else {
  const file = path.join(dir, "glimpse.db");
  copyFileSync(inject("templateDb"), file);
  process.env.DATABASE_URL = `file:${file}`;
}
delete process.env.DIRECT_DATABASE_URL;
process.env.GLIMPSE_MASTER_KEY = randomBytes(32).toString("hex");
process.env.GLIMPSE_BASE_URL = "http://glimpse.test";
process.env.AUTH_SECRET = randomBytes(32).toString("hex");
delete process.env.GLIMPSE_ADMIN_EMAIL;
delete process.env.GLIMPSE_ADMIN_PASSWORD;
(globalThis as { glimpseDb?: unknown }).glimpseDb = undefined;
