import "server-only";
import type { TOutboundEventType } from "../outbound/event-types";
import { formatMoment, momentUrl } from "../recordings/moment";
import { utc } from "./customer-message";
import type { TRecordingErrors } from "./recording-errors";

type TData = {
  link?: { id: string; status?: string; expiresAt?: string | null; decidedAt?: string | null };
  consent?: { decision: string; noticeVersion: number; language: string };
  recording?: { id: string; url: string; startedAt?: string | null; finishedAt?: string | null; reason?: string; events?: number; durationMs?: number | null; purgedAt?: string | null };
  receipt?: { reason: string; chunks: number; bytes: number; purgedAt: string; auditEntryId: number; auditHash: string };
  ticket: { url: string };
};

export type TNoteExtras = { baseUrl: string; errors?: TRecordingErrors; customerMessage?: string };

const when = (iso: string | null | undefined) => (iso ? utc(new Date(iso)) : "unknown time");

function duration(ms: number | null | undefined) {
  return ms === null || ms === undefined ? "unknown length" : formatMoment(ms);
}

/**
 * Plain text in English, for the agents: ids, states, counts, times and console links, never
 * anything recorded. The customer's message, when there is one, is the only other text.
 */
export function renderNote(type: TOutboundEventType, data: TData, extras: TNoteExtras): string {
  const ticketLine = `Ticket in Glimpse: ${data.ticket.url}`;
  switch (type) {
    case "link.created": {
      const head = `Glimpse: recording link ${data.link?.id} created, valid until ${when(data.link?.expiresAt)}.`;
      if (!extras.customerMessage) return [head, ticketLine].join("\n");
      return [head, "Message to send to the customer (the link works once):", "", extras.customerMessage, "", ticketLine].join("\n");
    }
    case "consent.accepted":
      return [`Glimpse: the customer accepted the recording (link ${data.link?.id}, notice v${data.consent?.noticeVersion}, ${when(data.link?.decidedAt)}).`, ticketLine].join("\n");
    case "consent.declined":
      return [`Glimpse: the customer declined the recording (link ${data.link?.id}, ${when(data.link?.decidedAt)}). Nothing is recorded.`, ticketLine].join("\n");
    case "recording.started":
      return [`Glimpse: recording ${data.recording?.id} started at ${when(data.recording?.startedAt)}.`, ticketLine].join("\n");
    case "recording.finished": {
      const r = data.recording!;
      const e = extras.errors;
      const counts = e ? `, ${e.consoleErrors} console error(s), ${e.networkErrors} failed request(s)` : "";
      const lines = [`Glimpse: recording ${r.id} is ready (${duration(r.durationMs)}, ${r.events ?? 0} events${counts}; ended: ${r.reason}, ${when(r.finishedAt)}).`];
      if (e?.firstErrorMs !== null && e?.firstErrorMs !== undefined) lines.push(`First error at ${formatMoment(e.firstErrorMs)}: ${momentUrl(extras.baseUrl, r.id, e.firstErrorMs)}`);
      lines.push(`Watch: ${r.url}`, ticketLine);
      return lines.join("\n");
    }
    case "recording.purged": {
      const p = data.receipt!;
      return [
        `Glimpse: recording ${data.recording?.id} was purged (${p.reason}, ${when(p.purgedAt)}): ${p.chunks} chunk(s), ${p.bytes} bytes deleted with their key.`,
        `Deletion receipt: audit entry #${p.auditEntryId}, hash ${p.auditHash}.`,
        ticketLine,
      ].join("\n");
    }
  }
}
