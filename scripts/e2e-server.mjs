// The server that the Playwright specs run against: a production build on a fresh, migrated
// SQLite file in a temporary data folder. E2E_DATA_DIR is printed so specs can read the files.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildIfNeeded } from "./build.mjs";
import { migrate, root, SERVER_NODE_ARGS } from "./lib.mjs";

const port = process.env.E2E_PORT || "3100";
// Not `localhost`: `next start` sees itself as localhost:PORT, so only GLIMPSE_BASE_URL is right here.
const baseUrl = `http://127.0.0.1:${port}`;
const dataDir = path.join(root, "test-results", `e2e-data-${port}`);
const distDir = process.env.NEXT_DIST_DIR || ".next";
mkdirSync(dataDir, { recursive: true });
const dbFile = path.join(dataDir, "glimpse.db");
for (const suffix of ["", "-wal", "-shm"]) rmSync(dbFile + suffix, { force: true });

const env = {
  DATABASE_URL: `file:${dbFile}`,
  GLIMPSE_BASE_URL: baseUrl,
  NEXTAUTH_URL: baseUrl,
  GLIMPSE_MASTER_KEY: randomBytes(32).toString("hex"),
  AUTH_SECRET: randomBytes(32).toString("hex"),
  NEXT_DIST_DIR: distDir,
  NEXT_TELEMETRY_DISABLED: "1",
  GLIMPSE_E2E: "1",
};
Object.assign(process.env, env);
writeFileSync(path.join(root, "test-results", `e2e-env-${port}.json`), JSON.stringify({ ...env, dataDir }));

migrate(env);
buildIfNeeded({ distDir });

// The server's output is also kept in a file, so specs can check what it logged.
const log = createWriteStream(path.join(root, "test-results", `e2e-server-${port}.log`));
const server = spawn(process.execPath, [...SERVER_NODE_ARGS, path.join(root, "scripts/server.mjs"), "-p", port], { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
server.stdout.on("data", (chunk) => (process.stdout.write(chunk), log.write(chunk)));
server.stderr.on("data", (chunk) => (process.stderr.write(chunk), log.write(chunk)));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
