import "server-only";
import type { HelpdeskConnection, OutboundDelivery, OutboundEvent } from "../db/models";
import { REQUEST_TIMEOUT_MS, type TSendResult } from "../outbound/send-event";
import { openConnectionConfig, openNote } from "./connection-secrets";
import { helpdeskClient } from "./providers";
import type { THelpdeskProvider } from "./providers/types";

export const ERASED_NOTE = "the note held a one-time link: its text was erased once it was sent or failed";

type TNoteDelivery = OutboundDelivery & { event: OutboundEvent; connection: HelpdeskConnection };

/** One call to the helpdesk's API; redirects are not followed and every request has a deadline. */
export async function sendHelpdeskNote({ delivery, timeoutMs = REQUEST_TIMEOUT_MS }: { delivery: TNoteDelivery; timeoutMs?: number }): Promise<TSendResult> {
  if (!delivery.noteSealed) return { ok: false, status: null, error: ERASED_NOTE, retryAfterMs: null, final: true };
  const { connection } = delivery;
  const client = helpdeskClient(connection.provider as THelpdeskProvider);
  const config = openConnectionConfig(connection.id, connection.configEncrypted);
  const text = openNote(delivery.eventId, connection.id, delivery.noteSealed);
  const ticketRef = String((JSON.parse(delivery.event.payload) as { data: { ticket: { externalId: string } } }).data.ticket.externalId);
  const fetchImpl: typeof fetch = (input, init) => fetch(input, { ...init, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
  let result;
  try {
    result = await client.sendNote(config as never, { ticketRef, text, asDraft: delivery.noteErase }, fetchImpl);
  } catch (error) {
    const e = error as { name?: string; message?: string };
    const message = e?.name === "TimeoutError" ? `no answer within ${timeoutMs / 1000} s` : `network error (${String(e?.message ?? "unknown").slice(0, 200)})`;
    return { ok: false, status: null, error: message, retryAfterMs: null };
  }
  if (result.ok) return { ok: true, status: result.status, error: null, retryAfterMs: null };
  return { ok: false, status: result.status, error: result.error.slice(0, 300), retryAfterMs: result.retryAfterMs ?? null, final: !result.retryable };
}
