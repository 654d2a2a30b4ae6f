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

/**
 * Serialises audit appends so two writers never chain onto the same previous hash. SQLite has
 * one writer, and interactive transactions take its lock at BEGIN. PostgreSQL takes a table lock
 * that only audit appenders take (SHARE UPDATE EXCLUSIVE: plain reads and inserts pass it, a
 * second appender waits), held until the transaction ends.
 *
 * A SERIALIZABLE transaction's snapshot is fixed by its first query, and LOCK is not a query.
 * Taken first, the lock comes before the snapshot, so the chain's head it reads is the newest;
 * taken after a query, a writer that waited reads a stale head and PostgreSQL aborts it with a
 * serialization failure, which is retried (lib/db/client.ts) with this lock taken first.
 */
export async function lockAuditChain(tx: Pick<Tx, "$executeRawUnsafe">): Promise<void> {
  if (isPostgres()) await tx.$executeRawUnsafe(`LOCK TABLE "AuditEntry" IN SHARE UPDATE EXCLUSIVE MODE`);
}

/** A case-insensitive substring filter (SQLite's LIKE already ignores ASCII case). */
export function containsIgnoringCase(q: string) {
  // The SQLite client's types (lib/db/client.ts) have no `mode`; PostgreSQL's client needs it.
  return (isPostgres() ? { contains: q, mode: "insensitive" } : { contains: q }) as { contains: string };
}
