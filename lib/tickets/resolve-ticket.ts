import type { Ticket } from "@prisma/client";
import type { TActor } from "../audit/append-audit";
import { appendAudit } from "../audit/append-audit";
import { db, type Tx } from "../db";
import { AppError } from "../errors";
import { purgeRecordings } from "../retention/purge-recordings";
import { LONG_TX, withBusyRetry } from "../db";
import { getSettings } from "../settings/get-settings";
import { ticketRef } from "./ticket-ref";

export type TResolveResult = { purgedRecordings: number; purgedBytes: number; pending?: boolean };
export type TResolveOptions = { at?: Date; reason?: string };

/**
 * Resolves a ticket, however it is resolved (webhook, console, API): open links are revoked at
 * once, a recording in progress stops, and every recording is purged, at once or, with a grace
 * period, when the sweeper finds `purgeDueAt` has passed.
 */
export async function resolveTicket(ticketId: string, actor: TActor, opts: TResolveOptions = {}): Promise<TResolveResult> {
  return withBusyRetry(() =>
    db.$transaction(async (tx) => {
      const ticket = await tx.ticket.findUnique({ where: { id: ticketId } });
      if (!ticket) throw new AppError("not_found", "No such ticket.");
      return resolveTicketInTx(tx, ticket, actor, opts);
    }, LONG_TX),
  );
}

/**
 * The same, inside the caller's transaction (the webhook handler records the delivery in it).
 * `at` is when the resolve happened, which for a webhook may be before it arrived; a deletion
 * purges at once whatever the grace period.
 */
export async function resolveTicketInTx(
  tx: Tx,
  ticket: Ticket,
  actor: TActor,
  opts: TResolveOptions & { deleted?: boolean } = {},
): Promise<TResolveResult> {
  const now = new Date();
  const at = opts.at ?? now;
  const deleted = opts.deleted ?? false;
  const wasResolved = ticket.status === "resolved";
  const { graceMinutes } = await getSettings(tx);
  const ref = ticketRef(ticket);
  const linksRevoked = await stopCollecting(tx, ticket, ref, actor, now);

  let purgeDueAt: Date | null = null;
  if (!deleted && graceMinutes > 0) {
    if (!wasResolved) purgeDueAt = new Date(at.getTime() + graceMinutes * 60_000);
    else purgeDueAt = ticket.purgeDueAt;
  }
  const base = {
    status: "resolved",
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
        details: { reason: opts.reason ?? null, linksRevoked, graceMinutes, purgeDueAt: purgeDueAt.toISOString() },
      });
    }
    return { purgedRecordings: 0, purgedBytes: 0, pending: true };
  }

  const recordings = await tx.recording.findMany({ where: { ticketId: ticket.id, status: { not: "purged" } }, select: { id: true } });
  const purged = await purgeRecordings(
    tx,
    recordings.map((r) => r.id),
    deleted ? "ticket_deleted" : "ticket_resolved",
    actor,
    now,
  );
  await tx.ticket.update({ where: { id: ticket.id }, data: { ...base, purgeDueAt: null } });
  if (!wasResolved || deleted || purged.purgedRecordings > 0) {
    await appendAudit(tx, {
      actor,
      action: deleted ? "ticket.deleted" : "ticket.resolved",
      ticketId: ticket.id,
      ticketRef: ref,
      details: { reason: opts.reason ?? null, linksRevoked, ...purged },
    });
  }
  return purged;
}

/** Nothing more may be recorded for a resolved ticket, even while its purge waits. */
async function stopCollecting(tx: Tx, ticket: Ticket, ref: string, actor: TActor, now: Date) {
  const open = await tx.link.findMany({
    where: { ticketId: ticket.id, status: { in: ["pending", "opened", "consented"] } },
    select: { id: true },
  });
  const ids = open.map((l) => l.id);
  if (ids.length > 0) {
    await tx.link.updateMany({ where: { id: { in: ids } }, data: { status: "revoked", endedAt: now } });
    await tx.grant.deleteMany({ where: { linkId: { in: ids } } });
    for (const linkId of ids) {
      await appendAudit(tx, { actor, action: "link.revoked", ticketId: ticket.id, ticketRef: ref, linkId, details: { reason: "ticket_resolved" } });
    }
  }
  await tx.recording.updateMany({
    where: { ticketId: ticket.id, status: "live" },
    data: { status: "finished", finishedAt: now, uploadTokenHash: null, uploadTokenExpiresAt: null },
  });
  await tx.link.updateMany({ where: { ticketId: ticket.id, status: "recording" }, data: { status: "finished", endedAt: now } });
  return ids.length;
}
