// A production Glimpse for a benchmark: built if needed, on a free port of 127.0.0.1, with a fresh
// database and fresh keys in a temporary folder that `stop` removes.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildIfNeeded } from "../../build.mjs";
import { migrate, root, SERVER_NODE_ARGS } from "../../lib.mjs";

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers 2xx; fails at once if `child` exits first. */
export async function waitUntilHealthy(url, child, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url}: the server did not become healthy.`);
}

/** `databaseUrl` and `keys`: an instance of a shared (PostgreSQL) database, migrated by the caller. */
export async function startGlimpse(name, { databaseUrl, keys } = {}) {
  const distDir = process.env.NEXT_DIST_DIR || ".next";
  buildIfNeeded({ distDir });
  const dataDir = mkdtempSync(path.join(tmpdir(), `glimpse-bench-${name}-`));
  const base = `http://127.0.0.1:${await freePort()}`;
  const env = {
    DATABASE_URL: databaseUrl ?? `file:${path.join(dataDir, "glimpse.db")}`,
    GLIMPSE_BASE_URL: base,
    NEXTAUTH_URL: base,
    GLIMPSE_MASTER_KEY: keys?.GLIMPSE_MASTER_KEY ?? randomBytes(32).toString("hex"),
    AUTH_SECRET: keys?.AUTH_SECRET ?? randomBytes(32).toString("hex"),
    NEXT_DIST_DIR: distDir,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  if (!databaseUrl) migrate(env);
  // BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the server alone, not the load.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const server = spawn(process.execPath, [...SERVER_NODE_ARGS, ...nodeArgs, path.join(root, "scripts/server.mjs"), "-p", new URL(base).port, "-H", "127.0.0.1"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, ...env, NODE_ENV: "production" },
  });
  const stop = async () => {
    server.kill("SIGTERM");
    await new Promise((r) => (server.exitCode !== null ? r() : server.once("exit", r)));
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitUntilHealthy(`${base}/api/health`, server);
  } catch (error) {
    await stop();
    throw error;
  }
  return { base, env, dataDir, stop, pid: server.pid };
}
