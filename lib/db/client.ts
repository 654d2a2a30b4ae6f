import "server-only";
import { createRequire } from "node:module";
import type * as SqliteClient from "@glimpse/prisma-sqlite";
import { env } from "../env";
import { withBusyRetry } from "./busy-retry";
import { withLocksFirst, type TLock } from "./dialect";
import { createPgAdapter } from "./postgres";
import { dbState, GlimpseSqliteAdapter } from "./sqlite";

// Each provider has its own generated client (prisma/sqlite, prisma/postgresql), outside the
// Next bundle; only the configured one is ever loaded, since two in one process conflict. Both
// are generated from the same models, so the SQLite client's types describe either.
const requireClient = createRequire(import.meta.url);

function createClient() {
  const e = env();
  const postgres = e.databaseProvider === "postgresql";
  // Two literal requires, one per branch: the bundler keeps both external and runs only the one taken.
  const { PrismaClient } = (postgres ? requireClient("@glimpse/prisma-postgresql") : requireClient("@glimpse/prisma-sqlite")) as typeof SqliteClient;
  const client = new PrismaClient({
    adapter: postgres ? createPgAdapter(e.DATABASE_URL) : new GlimpseSqliteAdapter(e.databasePath!),
    omit: {
      link: { tokenHash: true },
      grant: { tokenHash: true },
      recording: { wrappedKey: true, uploadTokenHash: true },
      apiKey: { keyHash: true },
      user: { passwordHash: true },
      integrationSecret: { secretEncrypted: true },
      webhookEndpoint: { secretEncrypted: true },
      helpdeskConnection: { configEncrypted: true },
      outboundDelivery: { noteSealed: true },
    },
    // SQLite's only level. The domain code's read-then-write steps rely on it; on PostgreSQL the
    // serialization conflicts it reports are retried (below).
    transactionOptions: { isolationLevel: "Serializable" },
  });
  // Every interactive transaction runs again from the start when another writer got in the way
  // (SQLite: busy past the timeout; PostgreSQL: a serialization conflict or a deadlock), so no
  // caller sees an error that a second try would not have had. On PostgreSQL a second try takes
  // the table locks the first one took before its snapshot (lib/db/dialect.ts), so it cannot lose
  // the same way again.
  const transaction = client.$transaction.bind(client) as (arg: unknown, options?: unknown) => Promise<unknown>;
  (client as { $transaction: unknown }).$transaction = (arg: unknown, options?: unknown) => {
    if (typeof arg !== "function") return transaction(arg, options);
    const needed = new Set<TLock>();
    return withBusyRetry((attempt) => transaction(withLocksFirst(needed, attempt > 1, arg as (tx: Tx) => Promise<unknown>), options));
  };
  return client;
}

export type Db = ReturnType<typeof createClient>;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

const globalForDb = globalThis as unknown as { glimpseDb?: Db };

export const db: Db = globalForDb.glimpseDb ?? createClient();
globalForDb.glimpseDb = db;

type TTxOptions = { maxWait?: number; timeout?: number };

/** A transaction that reads, then writes (retried like every interactive transaction, see createClient). */
export function writeTx<T>(fn: (tx: Tx) => Promise<T>, options: TTxOptions = { maxWait: 10_000, timeout: 20_000 }): Promise<T> {
  return db.$transaction(fn, options);
}

const PROBE_EVERY_MS = 10_000;

/** A one-row write for health (reads keep working on a full disk): every 10 s at most, at once after a storage fault. */
export async function probeDatabaseWrite(now = Date.now()): Promise<void> {
  if (!dbState.storageFault && now - dbState.lastProbe < PROBE_EVERY_MS) return;
  const value = JSON.stringify(new Date(now).toISOString());
  await db.$transaction((tx) =>
    tx.setting.upsert({ where: { key: "health.writeProbe" }, create: { key: "health.writeProbe", value }, update: { value } }),
  );
  dbState.lastProbe = now;
}
