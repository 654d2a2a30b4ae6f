import "server-only";
import type { Ticket } from "../db/models";
import type { TActor } from "../audit/append-audit";
import { LONG_TX, writeTx, type Tx } from "../db";
import { requestRecording } from "../helpdesk/request-recording";
import { createTicket } from "./create-ticket";
import { reopenTicket } from "./reopen-ticket";
import { resolveTicket } from "./resolve-ticket";
import { ticketRef } from "./ticket-ref";

export type TTicketEventKind = "created" | "resolved" | "reopened" | "deleted" | "recording_requested";

export type TTicketEvent = {
  kind: TTicketEventKind;
  source: string;
  externalId: string;
  subject?: string | null;
  /** When it happened at the helpdesk; null when the payload does not say. */
  occurredAt: Date | null;
  /** The value the helpdesk reported, for the delivery log (e.g. "SOLVED"). */
  status?: string | null;
  /** The customer's language or locale, when the helpdesk says it (recording requests). */
  locale?: string | null;
};

export type TAppliedEvent = { result: "applied" | "ignored" | "stale"; message: string };

type TApply = { tx: Tx; ticket: Ticket | null; event: TTicketEvent; ref: string; actor: TActor; at: Date; reason: string };

const FUTURE_TOLERANCE_MS = 5 * 60_000;

const applied = (message: string): TAppliedEvent => ({ result: "applied", message });
const stale = (message: string): TAppliedEvent => ({ result: "stale", message });
const noTicket = (ref: string, verb: string): TAppliedEvent => ({ result: "ignored", message: `No ticket ${ref} in Glimpse; nothing to ${verb}.` });

async function created({ tx, ticket, event, actor }: TApply) {
  if (ticket) return applied("Ticket already exists.");
  const input = { source: event.source, externalId: event.externalId, subject: event.subject?.slice(0, 300) ?? undefined };
  await createTicket({ input, actor, tx });
  return applied("Ticket created.");
}

async function resolved({ tx, ticket, ref, actor, at, reason }: TApply) {
  if (!ticket) return noTicket(ref, "resolve");
  const r = await resolveTicket({ tx, ticket, actor, at, reason });
  return applied(r.pending ? "Resolved; recordings will be purged when the grace period ends." : `Resolved; ${r.purgedRecordings} recording(s) purged.`);
}

async function reopened({ tx, ticket, ref, actor, at }: TApply) {
  if (!ticket) return noTicket(ref, "reopen");
  const wasResolved = ticket.status === "resolved";
  await reopenTicket({ tx, ticket, actor, at });
  return applied(wasResolved ? "Reopened." : "Ticket already open.");
}

async function deleted({ tx, ticket, ref, actor, at, reason }: TApply) {
  if (!ticket) return noTicket(ref, "delete");
  const r = await resolveTicket({ tx, ticket, actor, at, reason, deleted: true });
  return applied(`Deleted; ${r.purgedRecordings} recording(s) purged.`);
}

async function recordingRequested({ tx, ticket, event, actor, at }: TApply) {
  return requestRecording({ tx, ticket, event, actor, at });
}

const APPLY: Record<TTicketEventKind, (a: TApply) => Promise<TAppliedEvent>> = { created, resolved, reopened, deleted, recording_requested: recordingRequested };

/** Through the ticket functions; an event older than the last one applied, or a reopen, is stale. */
export async function applyTicketEvent(opts: { event: TTicketEvent; actor: TActor; reason: string; now: Date; tx?: Tx }): Promise<TAppliedEvent> {
  const { event, now, tx } = opts;
  if (!tx) return writeTx((t) => applyTicketEvent({ ...opts, tx: t }), LONG_TX);
  // A sender's clock may run a little ahead; a time far ahead would make every later event stale.
  const at = event.occurredAt && event.occurredAt.getTime() <= now.getTime() + FUTURE_TOLERANCE_MS ? event.occurredAt : now;
  const where = { source: event.source, externalId: event.externalId };
  const ticket = await tx.ticket.findUnique({ where: { source_externalId: where } });
  // A deletion is final, so it applies whatever its time, except before a reopen: nothing from before a reopen may purge what came after it.
  if (ticket && event.kind !== "deleted" && ticket.lastEventAt && at < ticket.lastEventAt) {
    return stale(`Older than the last event applied (${ticket.lastEventAt.toISOString()}).`);
  }
  if (ticket?.reopenedAt && at < ticket.reopenedAt) return stale(`Older than the ticket's reopen (${ticket.reopenedAt.toISOString()}).`);
  const outcome = await APPLY[event.kind]({ ...opts, tx, ticket, at, ref: ticketRef(event) });
  if (outcome.result === "applied") {
    await tx.ticket.updateMany({ where: { ...where, OR: [{ lastEventAt: null }, { lastEventAt: { lt: at } }] }, data: { lastEventAt: at } });
  }
  return outcome;
}
