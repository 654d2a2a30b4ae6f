import type { Metadata } from "next";
import { AuditChainStatus } from "@/components/audit-chain-status";
import { requireAdmin } from "@/lib/auth";
import { listAuditEntries, ZListAuditQuery } from "@/lib/audit/list-audit-entries";
import { AuditView } from "./audit-view";

export const metadata: Metadata = { title: "Audit log" };

const PAGE_SIZE = 50;

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (!(await requireAdmin("/audit"))) {
    return (
      <div className="stack">
        <h1>Audit log</h1>
        <p className="notice">Only admins can read the audit log.</p>
      </div>
    );
  }
  const sp = await searchParams;
  const ticketId = typeof sp.ticketId === "string" && sp.ticketId.trim() ? sp.ticketId.trim() : undefined;
  const parsed = ZListAuditQuery.safeParse({ ticketId, before: typeof sp.before === "string" ? sp.before : undefined, limit: PAGE_SIZE });
  const query = parsed.success ? parsed.data : { ticketId, limit: PAGE_SIZE };
  const { entries, nextBefore } = await listAuditEntries(query);
  return (
    <AuditView entries={entries} nextBefore={nextBefore} ticketId={ticketId ?? ""} isFirstPage={!("before" in query) || !query.before}>
      <AuditChainStatus />
      <p className="row">
        <a className="btn btn-small" href={`/api/v1/audit/export?format=csv${ticketId ? `&ticketId=${encodeURIComponent(ticketId)}` : ""}`} download>
          Export CSV
        </a>
        <a className="btn btn-small" href={`/api/v1/audit/export?format=json${ticketId ? `&ticketId=${encodeURIComponent(ticketId)}` : ""}`} download>
          Export JSON
        </a>
      </p>
    </AuditView>
  );
}
