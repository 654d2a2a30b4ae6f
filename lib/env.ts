import "server-only";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { z } from "zod";
import { parseTrustedProxies } from "./http/trusted-proxies";

const POSTGRES_URL = /^postgres(ql)?:\/\//;

/** Validated once: a bad value stops the process with a message naming the variable. */
const ZEnv = z.object({
  DATABASE_URL: z
    .string()
    .refine((v) => v.startsWith("file:") || POSTGRES_URL.test(v), "must be a SQLite file (file:…) or a PostgreSQL URL (postgres://…)")
    .default("file:./data/glimpse.db"),
  // PostgreSQL only: a connection that bypasses any pooler, for LISTEN and for migrations.
  DIRECT_DATABASE_URL: z.string().refine((v) => POSTGRES_URL.test(v), "must be a PostgreSQL URL (postgres://…)").optional(),
  // Where the master key and auth secret files go when they are not given as variables.
  GLIMPSE_DATA_DIR: z.string().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  GLIMPSE_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  GLIMPSE_MASTER_KEY: z
    .string()
    .refine((v) => decodeKey(v) !== null, "must be 32 bytes, as 64 hex characters or base64")
    .optional(),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  GLIMPSE_ADMIN_EMAIL: z.email().optional(),
  GLIMPSE_ADMIN_PASSWORD: z.string().min(12, "must be at least 12 characters").optional(),
  GLIMPSE_TRUSTED_PROXIES: z
    .string()
    .refine((v) => parseTrustedProxies(v) !== null, "must be a comma-separated list of IP addresses or CIDR ranges")
    .optional(),
});

export type TDatabaseProvider = "sqlite" | "postgresql";

export type TEnv = z.infer<typeof ZEnv> & {
  baseUrl: string;
  dataDir: string;
  databaseProvider: TDatabaseProvider;
  /** The SQLite file; null on PostgreSQL. */
  databasePath: string | null;
  /** PostgreSQL: the URL for LISTEN and migrations (DIRECT_DATABASE_URL, else DATABASE_URL). */
  directDatabaseUrl: string | null;
};

export function databaseProviderOf(url: string): TDatabaseProvider {
  return POSTGRES_URL.test(url) ? "postgresql" : "sqlite";
}

function decodeKey(value: string): Buffer | null {
  if (/^[0-9a-f]{64}$/i.test(value)) return Buffer.from(value, "hex");
  const b64 = Buffer.from(value, "base64");
  return b64.length === 32 ? b64 : null;
}

let cached: TEnv | undefined;

export function env(): TEnv {
  if (cached) return cached;
  // A compose file or .env often leaves a variable empty (`GLIMPSE_ADMIN_EMAIL=`): that means unset.
  const set = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined && v.trim() !== ""));
  const parsed = ZEnv.safeParse(set);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Glimpse configuration is invalid:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const databaseProvider = databaseProviderOf(e.DATABASE_URL);
  const databasePath = databaseProvider === "sqlite" ? path.resolve(e.DATABASE_URL.replace(/^file:/, "")) : null;
  const dataDir = path.resolve(e.GLIMPSE_DATA_DIR ?? (databasePath ? path.dirname(databasePath) : "data"));
  const directDatabaseUrl = databaseProvider === "postgresql" ? (e.DIRECT_DATABASE_URL ?? e.DATABASE_URL) : null;
  const baseUrl = (e.GLIMPSE_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
  cached = { ...e, baseUrl, databaseProvider, databasePath, directDatabaseUrl, dataDir };
  return cached;
}

/** Reads a secret file from the data folder, creating it with mode 0600 the first time. */
function secretFile(name: string, create: () => string): string {
  const dir = env().dataDir;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, name);
  if (!existsSync(file)) {
    try {
      writeFileSync(file, create(), { mode: 0o600, flag: "wx" });
    } catch (error) {
      // Another process (the CLI, a second server) created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  chmodSync(file, 0o600);
  return readFileSync(file, "utf8").trim();
}

let masterKey: Buffer | undefined;

/** Where the master key comes from, for messages that tell the operator what to restore. */
export function masterKeySource(): string {
  return env().GLIMPSE_MASTER_KEY ? "GLIMPSE_MASTER_KEY" : path.join(env().dataDir, "master.key");
}

export function masterKeyMissing(): boolean {
  return !env().GLIMPSE_MASTER_KEY && !existsSync(path.join(env().dataDir, "master.key"));
}

export function getMasterKey(): Buffer {
  if (masterKey) return masterKey;
  const fromEnv = env().GLIMPSE_MASTER_KEY;
  const value = fromEnv ?? secretFile("master.key", () => randomBytes(32).toString("hex"));
  const key = decodeKey(value);
  if (!key) throw new Error("The master key in the data folder is corrupt: it must be 32 bytes.");
  masterKey = key;
  return key;
}

export function getAuthSecret(): string {
  return env().AUTH_SECRET ?? secretFile("auth.secret", () => randomBytes(32).toString("base64url"));
}

/** For tests, which point the process at a fresh data folder. */
export function resetEnvCache() {
  cached = undefined;
  masterKey = undefined;
}
