import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { adminQuery, testDatabaseProvider, testDatabaseAdminUrl, withDatabase } from "../support/postgres-test-db";

/**
 * Migrates one template database with the production command (`prisma migrate deploy`); each
 * test file then works on its own copy of it (see setup.ts). GLIMPSE_TEST_DATABASE=postgresql runs
 * the suite on PostgreSQL (scripts/test.mjs runs it both ways).
 */
export default async function setup({ provide }: { provide: (key: string, value: string) => void }) {
  const migrate = (url: string) =>
    execFileSync(path.resolve("node_modules/.bin/prisma"), ["migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url, DIRECT_DATABASE_URL: "" }, stdio: "pipe" });

  if (testDatabaseProvider() === "postgresql") {
    const template = `glimpse_tpl_${process.pid}`;
    await adminQuery(`DROP DATABASE IF EXISTS ${template}`);
    await adminQuery(`CREATE DATABASE ${template}`);
    migrate(withDatabase(testDatabaseAdminUrl(), template));
    provide("templateDb", template);
    return async () => {
      const rows = await adminQuery(`SELECT datname FROM pg_database WHERE datname LIKE 'glimpse_t_${process.pid}_%' OR datname = '${template}'`);
      for (const { datname } of rows) await adminQuery(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    };
  }

  const dir = mkdtempSync(path.join(tmpdir(), "glimpse-template-"));
  const file = path.join(dir, "template.db");
  migrate(`file:${file}`);
  provide("templateDb", file);
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    templateDb: string;
  }
}
