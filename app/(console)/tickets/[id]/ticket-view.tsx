"use client";

import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { apiFetch, errorMessage } from "@/components/api-fetch";
import { formatBytes, formatDateTime, formatDuration } from "@/components/format";
import { PreviewBadge } from "@/components/preview-badge";
import { RecordingLiveBadge } from "@/components/recording-live-badge";
import { StatusBadge } from "@/components/status-badge";
import type { TTicketDetail } from "@/lib/tickets/get-ticket-detail";
import { RequestRecordingDialog, type TSiteOption } from "./request-recording-dialog";
import { DataTable } from "@/components/data-table";

const ACTIVE_LINK = ["pending", "opened", "consented", "recording"];
const POLL_MS = 2000;
// A live recording with nothing new for this long is shown as idle: the customer may have closed
// the tab, and the recording then ends when its upload token expires.
const IDLE_AFTER_MS = 2 * 60_000;

type TProps = {
  initial: TTicketDetail;
  sites: TSiteOption[];
  defaults: { ttlMinutes: number; maxDurationMinutes: number };
  operatorName: string;
};

export function TicketView({ initial, sites, defaults, operatorName }: TProps) {
  const [detail, setDetail] = useState(initial);
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const confirmRef = useRef<HTMLDialogElement>(null);
  const { ticket, links, recordings } = detail;

  const refresh = useCallback(async () => {
    setDetail(await apiFetch<TTicketDetail>(`/api/v1/tickets/${ticket.id}`));
  }, [ticket.id]);

  const watching = links.some((l) => ACTIVE_LINK.includes(l.status)) || recordings.some((r) => r.canWatch && r.status === "live") || ticket.purgeDueAt !== null;
  useEffect(() => {
    if (!watching) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") refresh().catch(() => {});
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [watching, refresh]);

  async function act(label: string, path: string, done: (result: any) => string) {
    setBusy(label);
    setMessage(null);
    try {
      const result = await apiFetch(path, { method: "POST", body: {} });
      setMessage({ kind: "ok", text: done(result) });
      await refresh();
    } catch (e) {
      setMessage({ kind: "error", text: errorMessage(e) });
    } finally {
      setBusy(null);
    }
  }

  const resolve = () => {
    confirmRef.current?.close();
    return act("resolve", `/api/v1/tickets/${ticket.id}/resolve`, (r: { purgedRecordings: number; purgedBytes: number; pending?: boolean }) =>
      r.pending
        ? "Ticket resolved. Its recordings will be purged when the grace period ends, unless it is reopened."
        : `Ticket resolved. ${r.purgedRecordings} recording${r.purgedRecordings === 1 ? "" : "s"} purged (${formatBytes(r.purgedBytes)}).`,
    );
  };

  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <p className="muted" style={{ margin: 0 }}>
            <Link href="/tickets">Tickets</Link> / {ticket.ref}
          </p>
          <h1>
            Ticket {ticket.ref} <StatusBadge status={ticket.status} /> {ticket.preview && <PreviewBadge />}
          </h1>
          {ticket.subject && <p style={{ margin: 0 }}>{ticket.subject}</p>}
        </div>
        <div className="row">
          {ticket.status === "open" ? (
            <>
              {!ticket.preview && <RequestRecordingDialog ticket={ticket} sites={sites} defaults={defaults} operatorName={operatorName} onCreated={refresh} />}
              <button type="button" className="btn btn-danger" disabled={busy !== null} onClick={() => confirmRef.current?.showModal()}>
                Resolve
              </button>
            </>
          ) : (
            <button type="button" className="btn" disabled={busy !== null} onClick={() => act("reopen", `/api/v1/tickets/${ticket.id}/reopen`, () => "Ticket reopened.")}>
              Reopen
            </button>
          )}
        </div>
      </div>

      <div aria-live="polite">
        {message && (
          <p role={message.kind === "error" ? "alert" : "status"} className={`notice notice-${message.kind}`}>
            {message.text}
          </p>
        )}
      </div>
      {ticket.status === "resolved" && (
        <p className="notice">
          Resolved {formatDateTime(ticket.resolvedAt)}.{" "}
          {ticket.purgeDueAt ? `Recordings are purged at ${formatDateTime(ticket.purgeDueAt)} unless the ticket is reopened.` : "Its recordings have been purged."} Reopen it to request a new recording.
        </p>
      )}

      <section aria-labelledby="links-heading">
        <h2 id="links-heading">Recording links</h2>
        <DataTable
          columns={["Status", "Site", "Requested", "Expires", "Max length"]}
          actions
          describedBy="links-heading"
          empty={links.length === 0 && <p className="empty">No recording requested yet.</p>}
        >
          {links.map((l) => (
            <tr key={l.id} data-link-id={l.id}>
              <td>
                <StatusBadge status={l.status} />
              </td>
              <td>{l.siteName}</td>
              <td>
                {formatDateTime(l.createdAt)}
                {l.createdBy && <div className="muted">by {l.createdBy.name}</div>}
              </td>
              <td>{formatDateTime(l.expiresAt)}</td>
              <td>{l.maxDurationMinutes} min</td>
              <td>
                {ACTIVE_LINK.includes(l.status) && (
                  <button
                    type="button"
                    className="btn btn-small btn-danger"
                    disabled={busy !== null}
                    aria-label={`Revoke link created ${formatDateTime(l.createdAt)}`}
                    onClick={() => act(`revoke-${l.id}`, `/api/v1/links/${l.id}/revoke`, () => "Link revoked. It no longer works.")}
                  >
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      </section>

      <section aria-labelledby="recordings-heading">
        <h2 id="recordings-heading">Recordings</h2>
        <DataTable
          columns={["Recording", "Status", "Started", "Duration", "Size"]}
          empty={recordings.length === 0 && <p className="empty">No recordings. One appears here once the customer accepts.</p>}
        >
          {recordings.map((r, i) =>
            !r.canWatch ? (
              <tr key={`restricted-${i}`} data-restricted-recording>
                <td colSpan={5} className="muted">
                  A recording exists. Only the agent who requested it, the ticket&apos;s assignee and admins can watch it.
                </td>
              </tr>
            ) : (
              <tr key={r.id}>
                {/* A full page load, so the replay page gets its own, stricter CSP. */}
                <td>{r.status === "purged" ? <code>{r.id}</code> : <a href={`/recordings/${r.id}`}>{r.id}</a>}</td>
                <td>
                  {r.status === "live" && Date.now() - Date.parse(r.lastActivityAt) < IDLE_AFTER_MS ? (
                    <RecordingLiveBadge recordingId={r.id} />
                  ) : (
                    <StatusBadge status={r.status} />
                  )}
                  {r.status === "live" && Date.now() - Date.parse(r.lastActivityAt) >= IDLE_AFTER_MS && (
                    <div className="muted">no activity since {formatDateTime(r.lastActivityAt)}</div>
                  )}
                  {r.purgeReason && <div className="muted">{r.purgeReason.replace("_", " ")}</div>}
                </td>
                <td>{formatDateTime(r.startedAt)}</td>
                <td>{formatDuration(r.durationMs)}</td>
                <td>{r.status === "purged" ? "—" : formatBytes(r.storedBytes)}</td>
              </tr>
            ),
          )}
        </DataTable>
      </section>

      <p>
        <Link href={`/audit?ticketId=${encodeURIComponent(ticket.id)}`}>Audit log for this ticket</Link>
      </p>

      <dialog ref={confirmRef} aria-labelledby="resolve-title">
        <h2 id="resolve-title" style={{ marginTop: 0 }}>
          Resolve ticket {ticket.ref}?
        </h2>
        <p>Every recording of this ticket is deleted for good, and its open links stop working.</p>
        <div className="row">
          <button type="button" className="btn btn-danger" onClick={resolve}>
            Resolve and purge
          </button>
          <button type="button" className="btn" onClick={() => confirmRef.current?.close()}>
            Cancel
          </button>
        </div>
      </dialog>
    </div>
  );
}
