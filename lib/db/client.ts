import "server-only";
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
      webhookEndpoint: { secretEncrypted: true },
      helpdeskConnection: { configEncrypted: true },
      outboundDelivery: { noteSealed: true },
    },
  });
}

export type Db = ReturnType<typeof createClient>;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

const globalForDb = globalThis as unknown as { glimpseDb?: Db };

export const db: Db = globalForDb.glimpseDb ?? createClient();
globalForDb.glimpseDb = db;

type TTxOptions = { maxWait?: number; timeout?: number };

/** A transaction that reads, then writes; run again from the start when another process holds the lock. */
export function writeTx<T>(fn: (tx: Tx) => Promise<T>, options: TTxOptions = { maxWait: 10_000, timeout: 20_000 }): Promise<T> {
  return withBusyRetry(() => db.$transaction(fn, options));
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
