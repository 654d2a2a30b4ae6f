import { verifyAuditChain } from "@/lib/audit/verify-audit-chain";

/** Recomputes the audit log's hash chain on each render and says whether it is intact. */
export async function AuditChainStatus() {
  const result = await verifyAuditChain();
  if (result.ok) {
    return (
      <p className="notice notice-ok" role="status" data-audit-chain="intact">
        Hash chain intact: {result.entries} {result.entries === 1 ? "entry" : "entries"} verified.{" "}
        <span className="muted" title={result.headHash}>
          Head {result.headHash.slice(0, 12)}…
        </span>
      </p>
    );
  }
  return (
    <p className="notice notice-error" role="alert" data-audit-chain="broken">
      Hash chain broken at entry #{result.brokenId}: {result.reason}. Entries may have been changed outside Glimpse; run{" "}
      <code>npx glimpse audit verify</code> and compare with a backup.
    </p>
  );
}
