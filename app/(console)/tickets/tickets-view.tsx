import Link from "next/link";
import { formatDateTime } from "@/components/format";
import { PreviewBadge } from "@/components/preview-badge";
import { StatusBadge } from "@/components/status-badge";
import type { listTickets } from "@/lib/tickets/list-tickets";
import { CreateTicketForm } from "./create-ticket-form";
import { DataTable } from "@/components/data-table";

type TProps = { tickets: Awaited<ReturnType<typeof listTickets>>; status: string; q: string };

export function TicketsView({ tickets, status, q }: TProps) {
  return (
    <div className="stack">
      <div className="page-head">
        <h1>Tickets</h1>
      </div>

      <section className="card" aria-labelledby="new-ticket">
        <h2 id="new-ticket" style={{ marginTop: 0 }}>
          New ticket
        </h2>
        <CreateTicketForm />
      </section>

      <form method="get" className="inline-form" role="search" aria-label="Filter tickets">
        <div className="field">
          <label htmlFor="q">Ticket id</label>
          <input id="q" name="q" type="search" defaultValue={q} placeholder="e.g. 4711" />
        </div>
        <div className="field">
          <label htmlFor="status">Status</label>
          <select id="status" name="status" defaultValue={status}>
            <option value="">All</option>
            <option value="open">Open</option>
            <option value="resolved">Resolved</option>
          </select>
        </div>
        <button type="submit" className="btn">
          Filter
        </button>
        {(q || status) && (
          <Link href="/tickets" className="btn">
            Clear
          </Link>
        )}
      </form>

      <DataTable
        columns={["Ticket", "Subject", "Status", "Links", "Recordings", "Created"]}
        caption="Tickets, newest first"
        empty={tickets.length === 0 && <p className="empty">{q || status ? "No ticket matches this filter." : "No tickets yet. Create one above, or connect a helpdesk."}</p>}
      >
        {tickets.map((t) => (
          <tr key={t.id}>
            <td>
              <Link href={`/tickets/${t.id}`}>{t.ref}</Link> {t.preview && <PreviewBadge />}
            </td>
            <td>{t.subject ?? <span className="muted">—</span>}</td>
            <td>
              <StatusBadge status={t.status} />
            </td>
            <td>{t.linkCount}</td>
            <td>{t.recordingCount}</td>
            <td>{formatDateTime(t.createdAt)}</td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
