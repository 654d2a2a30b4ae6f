import Link from "next/link";
import { formatDateTime } from "@/components/format";
import type { listAuditEntries } from "@/lib/audit/list-audit-entries";
import { DataTable } from "@/components/data-table";

type TProps = {
  entries: Awaited<ReturnType<typeof listAuditEntries>>["entries"];
  nextBefore: number | null;
  ticketId: string;
  isFirstPage: boolean;
  /** Shown under the introduction: the hash-chain status and the export links. */
  children?: React.ReactNode;
};

function pageHref(ticketId: string, before?: number) {
  const params = new URLSearchParams();
  if (ticketId) params.set("ticketId", ticketId);
  if (before) params.set("before", String(before));
  const qs = params.toString();
  return qs ? `/audit?${qs}` : "/audit";
}

export function AuditView({ entries, nextBefore, ticketId, isFirstPage, children }: TProps) {
  return (
    <div className="stack">
      <div className="page-head">
        <h1>Audit log</h1>
      </div>
      <p className="muted">Append-only and hash-chained. It holds metadata only: never recording content, and no customer data beyond the ticket reference.</p>
      {children}
      <form method="get" className="inline-form" role="search" aria-label="Filter the audit log">
        <div className="field">
          <label htmlFor="ticketId">Ticket (id or reference, e.g. zendesk:4711)</label>
          <input id="ticketId" name="ticketId" defaultValue={ticketId} />
        </div>
        <button type="submit" className="btn">
          Filter
        </button>
        {ticketId && (
          <Link href="/audit" className="btn">
            Show all
          </Link>
        )}
      </form>
      <DataTable
        columns={["#", "Time", "Action", "Actor", "Ticket", "Details"]}
        caption="Audit entries, newest first"
        empty={entries.length === 0 && <p className="empty">No entries{ticketId ? " for this ticket" : ""}.</p>}
      >
        {entries.map((e) => (
          <tr key={e.id} data-action={e.action}>
            <td>{e.id}</td>
            <td style={{ whiteSpace: "nowrap" }}>{formatDateTime(e.createdAt)}</td>
            <td>
              <code>{e.action}</code>
            </td>
            <td>
              {e.actorLabel ?? e.actorId ?? "—"}
              <div className="muted">{e.actorType}</div>
            </td>
            <td>{e.ticketId ? <Link href={`/tickets/${e.ticketId}`}>{e.ticketRef ?? e.ticketId}</Link> : (e.ticketRef ?? "—")}</td>
            <td>
              <pre className="details-json">{detailsText(e.details, e.linkId, e.recordingId)}</pre>
            </td>
          </tr>
        ))}
      </DataTable>
      <nav className="pager" aria-label="Audit log pages">
        {!isFirstPage && (
          <Link href={pageHref(ticketId)} className="btn">
            Newest
          </Link>
        )}
        {nextBefore && (
          <Link href={pageHref(ticketId, nextBefore)} className="btn">
            Older entries
          </Link>
        )}
      </nav>
    </div>
  );
}

function detailsText(details: unknown, linkId: string | null, recordingId: string | null) {
  const all = { ...(linkId ? { linkId } : {}), ...(recordingId ? { recordingId } : {}), ...(details && typeof details === "object" ? details : {}) };
  const text = Object.entries(all)
    .map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join("\n");
  return text || "—";
}
