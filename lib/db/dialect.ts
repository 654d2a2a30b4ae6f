import "server-only";
import type { Tx } from "./client";
import { requestWalTruncate } from "./sqlite";

// Where another engine's answers go, so domain code never runs a PRAGMA (docs/database.md).

/** After a purge, freed pages must leave the disk before the purge is reported done. */
export function afterPurge() {
  requestWalTruncate();
}

/** Whether deleted rows are overwritten on disk (secure_delete), for the compliance report and doctor. */
export async function secureDeleteStatus(tx: Pick<Tx, "$queryRawUnsafe">): Promise<{ enabled: boolean; detail: string }> {
  const rows = await tx.$queryRawUnsafe<{ secure_delete: bigint | number }[]>("PRAGMA secure_delete");
  const enabled = Number(rows[0]?.secure_delete) === 1;
  return { enabled, detail: enabled ? "on: freed pages are zeroed" : "off: purged data could stay in free pages" };
}

/** Serialises audit appends so two writers never chain onto the same previous hash. SQLite has one writer, and interactive transactions take its lock at BEGIN. */
export async function lockAuditChain(_tx: Tx): Promise<void> {}

/** A case-insensitive substring filter (SQLite's LIKE already ignores ASCII case). */
export function containsIgnoringCase(q: string) {
  return { contains: q };
}
