import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { adminQuery, onPostgres, testDatabaseAdminUrl, withDatabase } from "../support/postgres-test-db";

const root = path.resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(path.join(tmpdir(), "glimpse-migrations-"));
const prisma = (args: string[], url: string) =>
  execFileSync(path.join(root, "node_modules/.bin/prisma"), args, {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: url, DIRECT_DATABASE_URL: "", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : /\.(ts|tsx|mjs)$/.test(e.name) ? [path.join(dir, e.name)] : [],
  );
}
const read = (p: string) => readFileSync(path.join(root, "prisma", p), "utf8");

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the two providers' schemas", () => {
  it("share the same models, word for word", () => {
    expect(read("postgresql/models.prisma"), "run `node scripts/sync-schemas.mjs`").toBe(read("sqlite/models.prisma"));
  });

  it("differ only in their provider and where their client is generated", () => {
    const normalise = (s: string) =>
      s
        .replace(/^\/\/.*\n/gm, "")
        .replace(/provider = "(sqlite|postgresql)"/, 'provider = "…"')
        .replace(/prisma-(sqlite|postgresql)"/, 'prisma-…"')
        .trim();
    expect(normalise(read("postgresql/schema.prisma"))).toBe(normalise(read("sqlite/schema.prisma")));
  });
});

// Migrations are written by hand here (migrate dev needs the network): the schema they build must be the schema files'.
describe("the migrations", () => {
  it.skipIf(onPostgres())("of SQLite build exactly the database that prisma/sqlite describes", () => {
    const url = `file:${path.join(dir, "drift.db")}`;
    prisma(["migrate", "deploy"], url);
    expect(prisma(["db", "push", "--skip-generate"], url)).toContain("The database is already in sync with the Prisma schema.");
  }, 120_000);

  // The PostgreSQL suite (GLIMPSE_TEST_DATABASE=postgresql) runs this one.
  it.runIf(onPostgres())("of PostgreSQL build exactly the database that prisma/postgresql describes", async () => {
    const name = `glimpse_t_${process.ppid}_drift`;
    await adminQuery(`DROP DATABASE IF EXISTS ${name}`);
    await adminQuery(`CREATE DATABASE ${name}`);
    const url = withDatabase(testDatabaseAdminUrl(), name);
    prisma(["migrate", "deploy"], url);
    expect(prisma(["db", "push", "--skip-generate"], url)).toContain("The database is already in sync with the Prisma schema.");
  }, 120_000);
});

describe("the code", () => {
  it("imports model types from lib/db/models, never from @prisma/client (which is neither provider's client)", () => {
    const files = ["app", "lib", "cli", "components", "tests", "scripts"].flatMap((d) => sourceFiles(path.join(root, d)));
    const offenders = files.filter((f) => readFileSync(f, "utf8").includes('from "@prisma/client"')).map((f) => path.relative(root, f));
    expect(offenders).toEqual([]);
  });
});
