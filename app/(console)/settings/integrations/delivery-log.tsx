"use client";

import { apiFetch } from "@/components/api-fetch";
import { DataTable } from "@/components/data-table";
import { formatDateTime } from "@/components/format";
import type { TDeliveryRow } from "@/lib/outbound/list-deliveries";

const STATE_BADGE = { delivered: "badge-finished", failed: "badge-declined", pending: "badge-pending" } as const;

/** The log of an endpoint or a helpdesk connection, with Resend on each row. */
export function DeliveryLog(props: {
  deliveries: TDeliveryRow[];
  base: string;
  caption: string;
  enabled: boolean;
  busy: boolean;
  act: (action: () => Promise<unknown>, done: string) => void;
}) {
  const { deliveries, base, caption, enabled, busy, act } = props;
  return (
    <details open>
      <summary>Delivery log ({deliveries.length})</summary>
      <DataTable
        columns={["Event", "Time", "Attempts", "Last status", "State"]}
        actions
        caption={caption}
        testId="delivery-log"
        empty={deliveries.length === 0 && <p className="empty">Nothing sent yet.</p>}
      >
        {deliveries.map((d) => (
          <tr key={d.id} data-delivery-id={d.id} data-state={d.status}>
            <td>
              <code>{d.eventType}</code>
            </td>
            <td>{formatDateTime(d.createdAt)}</td>
            <td>{d.attempts}</td>
            <td>{d.lastStatus ?? d.lastError ?? "—"}</td>
            <td>
              <span className={`badge ${STATE_BADGE[d.status]}`}>{d.status}</span>
              {d.nextAttemptAt && <span className="muted"> · next {formatDateTime(d.nextAttemptAt)}</span>}
            </td>
            <td>
              <button
                type="button"
                className="btn btn-small"
                disabled={busy || !enabled}
                onClick={() => act(() => apiFetch(`${base}/deliveries/${d.id}/resend`, { method: "POST", body: {} }), "Sent again.")}
              >
                Resend <span className="sr-only">{d.eventType}</span>
              </button>
            </td>
          </tr>
        ))}
      </DataTable>
    </details>
  );
}
