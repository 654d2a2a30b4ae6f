// Shared by the start, build and test scripts. Plain Node, no dependencies.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

export const root = path.resolve(import.meta.dirname, "..");

export function run(cmd, args, opts = {}) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: "inherit", ...opts, env: { ...process.env, ...opts.env } });
  if (result.status !== 0) {
    console.error(`\n✗ ${cmd} ${args.join(" ")} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
  return result;
}

// How every script starts scripts/server.mjs. Under a burst of uploads, hundreds of batches are held in memory at once
// (read, awaiting their commit) and outlive V8's default 16 MB semi-spaces: garbage collection was a sixth of the
// server's time in the ingest bench. Larger ones let them die young.
export const SERVER_NODE_ARGS = ["--max-semi-space-size=32"];

export const bin = (name) => path.join(root, "node_modules", ".bin", name);

export function databaseUrl() {
  return process.env.DATABASE_URL || "file:./data/glimpse.db";
}

export const PROVIDERS = ["sqlite", "postgresql"];

/** prisma/sqlite for file: URLs, prisma/postgresql for postgres:// ones (prisma.config.ts picks the same). */
export function databaseProvider(url = databaseUrl()) {
  return /^postgres(ql)?:\/\//.test(url) ? "postgresql" : "sqlite";
}

/** Creates the data folder (SQLite) and applies the provider's migrations with the WASM schema engine (works offline). */
export function migrate(env = {}) {
  const url = env.DATABASE_URL || databaseUrl();
  const sqliteFile = databaseProvider(url) === "sqlite" ? path.resolve(root, url.replace(/^file:/, "")) : null;
  // The data folder holds the database and the keys: only the owner may read it.
  if (sqliteFile) mkdirSync(path.dirname(sqliteFile), { recursive: true, mode: 0o700 });
  run(bin("prisma"), ["migrate", "deploy"], { env: { DATABASE_URL: url, ...env }, stdio: ["ignore", "ignore", "inherit"] });
  if (sqliteFile) for (const suffix of ["", "-wal", "-shm"]) if (existsSync(sqliteFile + suffix)) chmodSync(sqliteFile + suffix, 0o600);
}

/**
 * Validates the configuration with the server's own rules (lib/config/check-config.ts), in a child
 * process that resolves "server-only" as the server does. Exits non-zero with the message.
 */
export function checkConfig() {
  const code = `import { checkConfig } from ${JSON.stringify(pathToFileURL(path.join(root, "lib/config/check-config.ts")).href)};
try { checkConfig(); } catch (error) { console.error("✗ " + (error instanceof Error ? error.message : String(error))); process.exit(1); }`;
  const result = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "--input-type=module", "-e", code], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** Where a provider's client is generated (its schema.prisma says the same). */
export const clientDir = (provider) => path.join(root, "node_modules/@glimpse", `prisma-${provider}`);

/**
 * Generates both providers' Prisma clients when their schema changed since the last generation
 * (npm install removes them, as packages it does not know). The server loads only the configured one.
 */
export function generateClient() {
  for (const provider of PROVIDERS) {
    const dir = path.join(root, "prisma", provider);
    const hash = createHash("sha256");
    for (const name of readdirSync(dir).filter((n) => n.endsWith(".prisma")).sort()) hash.update(name).update(readFileSync(path.join(dir, name)));
    const digest = hash.digest("hex");
    const marker = path.join(clientDir(provider), "glimpse-schema.sha256");
    if (existsSync(marker) && readFileSync(marker, "utf8") === digest) continue;
    // The URL only picks the schema folder (prisma.config.ts); nothing connects to it.
    const url = provider === "postgresql" ? "postgresql://generate@127.0.0.1/none" : "file:./data/glimpse.db";
    run(bin("prisma"), ["generate"], { env: { DATABASE_URL: url }, stdio: ["ignore", "ignore", "inherit"] });
    writeFileSync(marker, digest);
  }
}

const SOURCE_DIRS = ["app", "components", "lib", "recorder", "prisma", "public"];
const SOURCE_FILES = ["next.config.ts", "proxy.ts", "instrumentation.ts", "package.json", "tsconfig.json"];

/** A fingerprint of everything the production build depends on, to know when to rebuild. */
export function sourceFingerprint() {
  const hash = createHash("sha256");
  const visit = (p) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) {
      for (const name of readdirSync(p).sort()) {
        if (name === "node_modules" || name.endsWith(".test.ts")) continue;
        visit(path.join(p, name));
      }
    } else {
      hash.update(path.relative(root, p));
      hash.update(readFileSync(p));
    }
  };
  for (const d of SOURCE_DIRS) visit(path.join(root, d));
  for (const f of SOURCE_FILES) visit(path.join(root, f));
  return hash.digest("hex");
}
