import "server-only";
import type { Ticket } from "../db/models";
import type { TActor } from "../audit/append-audit";
import { appendAudit } from "../audit/append-audit";
import { LONG_TX, writeTx, type Tx } from "../db";
import { AppError } from "../errors";
import { endLinks } from "../links/end-links";
import { NOT_STARTED_LINK_STATUSES } from "../links/link-states";
import { endRecordings } from "../recordings/end-recordings";
import { purgeRecordings } from "../recordings/purge-recordings";
import { getSettings } from "../settings/get-settings";
import { ticketRef } from "./ticket-ref";

export type TResolveResult = { purgedRecordings: number; purgedBytes: number; pending?: boolean };
export type TTicketTarget = { ticketId: string; ticket?: undefined } | { ticket: Ticket; ticketId?: undefined };

type TResolveOptions = TTicketTarget & {
  actor: TActor;
  /** When the resolve happened, which for a webhook may be before it arrived. */
  at?: Date;
  reason?: string;
  /** A deleted ticket is purged at once, whatever the grace period. */
  deleted?: boolean;
  tx?: Tx;
};

/** However it is resolved (webhook, console, API); with a grace period, the sweeper purges once `purgeDueAt` has passed. */
export async function resolveTicket(opts: TResolveOptions): Promise<TResolveResult> {
  const { tx, actor, reason, deleted = false } = opts;
  if (!tx) return writeTx((tx) => resolveTicket({ ...opts, tx }), LONG_TX);
  const ticket = opts.ticket ?? (await tx.ticket.findUnique({ where: { id: opts.ticketId } }));
  if (!ticket) throw new AppError("not_found", "No such ticket.");
  const now = new Date();
  const at = opts.at ?? now;
  const wasResolved = ticket.status === "resolved";
  const { graceMinutes } = await getSettings(tx);
  const ref = ticketRef(ticket);
  const linksRevoked = await stopCollecting({ tx, ticket, ref, actor, now });

  let purgeDueAt: Date | null = null;
  if (!deleted && graceMinutes > 0) {
    if (!wasResolved) purgeDueAt = new Date(at.getTime() + graceMinutes * 60_000);
    else purgeDueAt = ticket.purgeDueAt;
  }
  const base = {
    status: "resolved" as const,
    resolvedAt: wasResolved && ticket.resolvedAt ? ticket.resolvedAt : at,
  };

  if (purgeDueAt && purgeDueAt > now) {
    await tx.ticket.update({ where: { id: ticket.id }, data: { ...base, purgeDueAt } });
    if (!wasResolved) {
      await appendAudit(tx, {
        actor,
        action: "ticket.resolved",
        ticketId: ticket.id,
        ticketRef: ref,
        details: { reason: reason ?? null, linksRevoked, graceMinutes, purgeDueAt: purgeDueAt.toISOString() },
      });
    }
    return { purgedRecordings: 0, purgedBytes: 0, pending: true };
  }

  const recordings = await tx.recording.findMany({ where: { ticketId: ticket.id, status: { not: "purged" } }, select: { id: true } });
  const { purgedRecordings, purgedBytes } = await purgeRecordings({
    tx,
    ids: recordings.map((r) => r.id),
    reason: deleted ? "ticket_deleted" : "ticket_resolved",
    actor,
    now,
  });
  await tx.ticket.update({ where: { id: ticket.id }, data: { ...base, purgeDueAt: null } });
  if (!wasResolved || deleted || purgedRecordings > 0) {
    await appendAudit(tx, {
      actor,
      action: deleted ? "ticket.deleted" : "ticket.resolved",
      ticketId: ticket.id,
      ticketRef: ref,
      details: { reason: reason ?? null, linksRevoked, purgedRecordings, purgedBytes },
    });
  }
  return { purgedRecordings, purgedBytes };
}

/** Nothing more may be recorded for a resolved ticket, even while its purge waits. */
async function stopCollecting({ tx, ticket, ref, actor, now }: { tx: Tx; ticket: Ticket; ref: string; actor: TActor; now: Date }) {
  const revoked = await endLinks({
    tx,
    where: { ticketId: ticket.id, status: { in: NOT_STARTED_LINK_STATUSES } },
    status: "revoked",
    grants: "all",
    now,
  });
  for (const { id: linkId } of revoked) {
    await appendAudit(tx, { actor, action: "link.revoked", ticketId: ticket.id, ticketRef: ref, linkId, details: { reason: "ticket_resolved" } });
  }
  await endRecordings({ tx, where: { ticketId: ticket.id }, reason: "ticket_resolved", actor, now, revokeUploadToken: true });
  return revoked.length;
}
