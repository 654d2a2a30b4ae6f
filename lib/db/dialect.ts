import "server-only";
import { env } from "../env";
import type { Tx } from "./client";
import { requestWalTruncate } from "./sqlite";

// The few places where SQLite and PostgreSQL differ, so domain code never asks which one it runs
// on (docs/database.md).

const isPostgres = () => env().databaseProvider === "postgresql";

/** After a purge, freed pages must leave the disk before the purge is reported done (SQLite's WAL); PostgreSQL has no log of ours to fold. */
export function afterPurge() {
  if (!isPostgres()) requestWalTruncate();
}

export type TDeletionGuarantee = { enabled: boolean; mechanism: "secure_delete" | "crypto_shredding"; detail: string };

/** What makes a purge final on this database, for the compliance report and doctor. */
export async function secureDeleteStatus(tx: Pick<Tx, "$queryRawUnsafe">): Promise<TDeletionGuarantee> {
  if (isPostgres()) {
    return {
      enabled: true,
      mechanism: "crypto_shredding",
      detail:
        "crypto-shredding: a purge deletes the recording's key with its chunks in one transaction; dead tuples may stay on disk until VACUUM, but they are ciphertext whose key no longer exists",
    };
  }
  const rows = await tx.$queryRawUnsafe<{ secure_delete: bigint | number }[]>("PRAGMA secure_delete");
  const enabled = Number(rows[0]?.secure_delete) === 1;
  return {
    enabled,
    mechanism: "secure_delete",
    detail: enabled ? "on: freed pages are zeroed, and the WAL is truncated after each purge" : "off: purged data could stay in free pages",
  };
}

// PostgreSQL's table locks for the few writers that must not lose to others (docs/database.md).
// A SERIALIZABLE transaction's snapshot is fixed by its first query, and LOCK is not a query: a
// lock taken first comes before the snapshot, so what the transaction reads under it is the newest.
// Taken after a query, a writer that waited may have read a stale row, and PostgreSQL aborts it
// with a serialization failure; the client runs it again (lib/db/client.ts) with every lock the
// failed try took, taken first, so the next try cannot lose the same way.
export type TLock = "audit" | "recordings";
const LOCK_ORDER: TLock[] = ["audit", "recordings"];
const LOCK_SQL: Record<TLock, string> = {
  // Only audit appenders take it: plain reads and inserts pass it, a second appender waits.
  audit: `LOCK TABLE "AuditEntry" IN SHARE UPDATE EXCLUSIVE MODE`,
  // Every change to a recording's row waits for it, an upload's included (lib/db/pg-upload-rows.ts).
  recordings: `LOCK TABLE "Recording" IN SHARE ROW EXCLUSIVE MODE`,
};
type TLocks = { held: Set<TLock>; needed: Set<TLock> };
const locksOf = new WeakMap<object, TLocks>();

async function take(tx: Pick<Tx, "$executeRawUnsafe">, lock: TLock) {
  if (!isPostgres()) return;
  let locks = locksOf.get(tx);
  if (!locks) locksOf.set(tx, (locks = { held: new Set(), needed: new Set() }));
  if (locks.held.has(lock)) return;
  locks.held.add(lock);
  locks.needed.add(lock);
  await tx.$executeRawUnsafe(LOCK_SQL[lock]);
}

/**
 * For lib/db/client.ts: one try of an interactive transaction. `needed` is shared by the tries of
 * one call; from the second try on, the locks earlier tries took are taken before anything else.
 */
export function withLocksFirst<T>(needed: Set<TLock>, retry: boolean, fn: (tx: Tx) => Promise<T>) {
  if (!isPostgres()) return fn;
  return async (tx: Tx): Promise<T> => {
    locksOf.set(tx, { held: new Set(), needed });
    if (retry) for (const lock of LOCK_ORDER) if (needed.has(lock)) await take(tx, lock);
    return fn(tx);
  };
}

/**
 * Serialises audit appends so two writers never chain onto the same previous hash. SQLite has
 * one writer, and interactive transactions take its lock at BEGIN; PostgreSQL takes a table lock
 * held until the transaction ends.
 */
export const lockAuditChain = (tx: Pick<Tx, "$executeRawUnsafe">) => take(tx, "audit");

/**
 * Before a purge reads a recording: no upload or other change to a recording's row can commit
 * under it, so it cannot fail on an upload that committed meanwhile, however fast uploads come.
 * (The audit lock first: a purge appends to the chain, and every taker takes them in this order.)
 */
export async function lockRecordingsForPurge(tx: Pick<Tx, "$executeRawUnsafe">) {
  await take(tx, "audit");
  await take(tx, "recordings");
}

/** A case-insensitive substring filter (SQLite's LIKE already ignores ASCII case). */
export function containsIgnoringCase(q: string) {
  // The SQLite client's types (lib/db/client.ts) have no `mode`; PostgreSQL's client needs it.
  return (isPostgres() ? { contains: q, mode: "insensitive" } : { contains: q }) as { contains: string };
}
