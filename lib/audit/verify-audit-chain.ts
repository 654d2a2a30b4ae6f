import { db } from "../db";
import { GENESIS_HASH, auditHash } from "./audit-hash";

export type TAuditChainResult =
  | { ok: true; entries: number; headHash: string }
  | { ok: false; entries: number; brokenId: number; reason: string };

const BATCH = 1000;

/**
 * Walks the audit log in order and recomputes every hash. The first entry whose content no
 * longer matches its hash, or whose link to the previous entry is broken (an entry edited,
 * removed or inserted), is named. Cutting entries off the end cannot be seen from inside the
 * log, so the head hash is returned for operators who keep it elsewhere.
 */
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
