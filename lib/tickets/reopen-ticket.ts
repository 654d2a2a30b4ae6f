import "server-only";
import type { Ticket } from "../db/models";
import type { TActor } from "../audit/append-audit";
import { appendAudit } from "../audit/append-audit";
import { LONG_TX, writeTx, type Tx } from "../db";
import { AppError } from "../errors";
import { purgeRecordings } from "../recordings/purge-recordings";
import type { TTicketTarget } from "./resolve-ticket";
import { ticketRef } from "./ticket-ref";

/** After the grace period the purge that was due happens first: reopening never brings data back. */
export async function reopenTicket(opts: TTicketTarget & { actor: TActor; at?: Date; tx?: Tx }): Promise<{ ticket: Ticket }> {
  const { tx, actor } = opts;
  if (!tx) return writeTx((tx) => reopenTicket({ ...opts, tx }), LONG_TX);
  const ticket = opts.ticket ?? (await tx.ticket.findUnique({ where: { id: opts.ticketId } }));
  if (!ticket) throw new AppError("not_found", "No such ticket.");
  if (ticket.status !== "resolved") return { ticket };
  const now = new Date();
  let purgeCancelled = false;
  if (ticket.purgeDueAt && ticket.purgeDueAt > now) {
    purgeCancelled = true;
  } else if (ticket.purgeDueAt) {
    const due = await tx.recording.findMany({ where: { ticketId: ticket.id, status: { not: "purged" } }, select: { id: true } });
    await purgeRecordings({ tx, ids: due.map((r) => r.id), reason: "ticket_resolved", actor: { type: "system", label: "grace period ended" }, now });
  }
  const updated = await tx.ticket.update({
    where: { id: ticket.id },
    // Helpdesk events from before this moment are stale from now on (handle-webhook).
    data: { status: "open", resolvedAt: null, purgeDueAt: null, reopenedAt: opts.at ?? now },
  });
  await appendAudit(tx, {
    actor,
    action: "ticket.reopened",
    ticketId: ticket.id,
    ticketRef: ticketRef(ticket),
    details: { purgeCancelled, at: (opts.at ?? now).toISOString() },
  });
  return { ticket: updated };
}
