import { PrismaClient } from "@prisma/client";
import { env } from "../env";
import { withBusyRetry } from "./busy-retry";
import { dbState, GlimpseSqliteAdapter } from "./sqlite";

function createClient() {
  const adapter = new GlimpseSqliteAdapter(env().databasePath);
  return new PrismaClient({
    adapter,
    omit: {
      link: { tokenHash: true },
      grant: { tokenHash: true },
      recording: { wrappedKey: true, uploadTokenHash: true },
      apiKey: { keyHash: true },
      user: { passwordHash: true },
      integrationSecret: { secretEncrypted: true },
    },
  });
}

export type Db = ReturnType<typeof createClient>;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

const globalForDb = globalThis as unknown as { glimpseDb?: Db };

export const db: Db = globalForDb.glimpseDb ?? createClient();
globalForDb.glimpseDb = db;

type TTxOptions = { maxWait?: number; timeout?: number };

/**
 * A transaction that reads and then writes. Another process's commit (the CLI's sweep, a
 * second server) can make it fail with SQLITE_BUSY or SQLITE_BUSY_SNAPSHOT; it then runs again
 * from the start, on fresh data.
 */
export function writeTx<T>(fn: (tx: Tx) => Promise<T>, options: TTxOptions = { maxWait: 10_000, timeout: 20_000 }): Promise<T> {
  return withBusyRetry(() => db.$transaction(fn, options));
}

const PROBE_EVERY_MS = 10_000;

/**
 * Whether the database can still be written: a one-row write, run at most every 10 s, and at
 * once while a write has failed for want of storage. Reads keep working on a full disk, so
 * `SELECT 1` alone would report a server that can store nothing as healthy.
 */
export async function probeDatabaseWrite(now = Date.now()): Promise<void> {
  if (!dbState.storageFault && now - dbState.lastProbe < PROBE_EVERY_MS) return;
  const value = JSON.stringify(new Date(now).toISOString());
  await db.$transaction((tx) =>
    tx.setting.upsert({ where: { key: "health.writeProbe" }, create: { key: "health.writeProbe", value }, update: { value } }),
  );
  dbState.lastProbe = now;
}
