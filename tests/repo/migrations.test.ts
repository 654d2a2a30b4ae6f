import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(path.join(tmpdir(), "glimpse-migrations-"));
const prisma = (args: string[]) =>
  execFileSync(path.join(root, "node_modules/.bin/prisma"), args, {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: `file:${path.join(dir, "drift.db")}`, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Migrations are written by hand here (migrate dev needs the network): the schema they build must be the schema file's.
describe("the migrations", () => {
  it("build exactly the database that prisma/schema.prisma describes", () => {
    prisma(["migrate", "deploy"]);
    expect(prisma(["db", "push", "--skip-generate"])).toContain("The database is already in sync with the Prisma schema.");
  }, 120_000);
});
