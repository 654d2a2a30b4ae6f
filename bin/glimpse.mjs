#!/usr/bin/env node
// `npx glimpse …`: runs the TypeScript CLI in cli/ with tsx, from the project root so that the
// default database (./data/glimpse.db) is the same one the server uses.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const dbUrl = process.env.DATABASE_URL || "file:./data/glimpse.db";
const provider = /^postgres(ql)?:\/\//.test(dbUrl) ? "postgresql" : "sqlite";
const dbFile = provider === "sqlite" ? path.resolve(root, dbUrl.replace(/^file:/, "")) : null;
if ((dbFile && !existsSync(dbFile)) || !existsSync(path.join(root, `node_modules/@glimpse/prisma-${provider}/index.js`))) {
  const prep = spawnSync(process.execPath, [path.join(root, "scripts/prepare.mjs")], { cwd: root, stdio: "inherit" });
  if (prep.status !== 0) process.exit(prep.status ?? 1);
}
const result = spawnSync(
  process.execPath,
  ["--conditions=react-server", "--import", "tsx", path.join(root, "cli/index.ts"), ...process.argv.slice(2)],
  { cwd: root, stdio: "inherit", env: { ...process.env, GLIMPSE_DISABLE_JOBS: "1" } },
);
process.exit(result.status ?? 1);
