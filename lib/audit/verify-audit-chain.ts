import "server-only";
import { db } from "../db";
import { GENESIS_HASH, auditHash } from "./audit-hash";

export type TAuditChainResult =
  | { ok: true; entries: number; headHash: string }
  | { ok: false; entries: number; brokenId: number; reason: string };

const BATCH = 1000;

/** Names the first edited, removed or inserted entry; the head hash is returned because a cut-off tail cannot be seen from inside. */
export async function verifyAuditChain(): Promise<TAuditChainResult> {
  let prevHash = GENESIS_HASH;
  let prevId = 0;
  let entries = 0;
  for (;;) {
    const batch = await db.auditEntry.findMany({ where: { id: { gt: prevId } }, orderBy: { id: "asc" }, take: BATCH });
    for (const entry of batch) {
      if (entry.prevHash !== prevHash) {
        const reason = entries === 0 && prevId === 0 ? "the first entry does not start the chain (earlier entries were removed?)" : `its previous hash does not match entry #${prevId} (an entry was removed, inserted or altered before it)`;
        return { ok: false, entries, brokenId: entry.id, reason };
      }
      if (auditHash(entry.prevHash, entry) !== entry.hash) {
        return { ok: false, entries, brokenId: entry.id, reason: "its content does not match its hash (the entry was edited)" };
      }
      prevHash = entry.hash;
      prevId = entry.id;
      entries += 1;
    }
    if (batch.length < BATCH) return { ok: true, entries, headHash: prevHash };
  }
}
