import type { Ticket } from "@prisma/client";
import type { TActor } from "../audit/append-audit";
import { appendAudit } from "../audit/append-audit";
import { db, type Tx } from "../db";
import { AppError } from "../errors";
import { purgeRecordings } from "../retention/purge-recordings";
import { LONG_TX, withBusyRetry } from "../db";
import { ticketRef } from "./ticket-ref";

/**
 * Reopens a resolved ticket. Within the grace period this cancels the pending purge; after it,
 * the purge that was due happens first. Reopening never brings data back.
 */
export async function reopenTicket(ticketId: string, actor: TActor, opts: { at?: Date } = {}): Promise<{ ticket: Ticket }> {
  return withBusyRetry(() =>
    db.$transaction(async (tx) => {
      const ticket = await tx.ticket.findUnique({ where: { id: ticketId } });
      if (!ticket) throw new AppError("not_found", "No such ticket.");
      return reopenTicketInTx(tx, ticket, actor, opts);
    }, LONG_TX),
  );
}

export async function reopenTicketInTx(tx: Tx, ticket: Ticket, actor: TActor, opts: { at?: Date } = {}): Promise<{ ticket: Ticket }> {
  if (ticket.status !== "resolved") return { ticket };
  const now = new Date();
  let purgeCancelled = false;
  if (ticket.purgeDueAt && ticket.purgeDueAt > now) {
    purgeCancelled = true;
  } else if (ticket.purgeDueAt) {
    const due = await tx.recording.findMany({ where: { ticketId: ticket.id, status: { not: "purged" } }, select: { id: true } });
    await purgeRecordings(tx, due.map((r) => r.id), "ticket_resolved", { type: "system", label: "grace period ended" }, now);
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
