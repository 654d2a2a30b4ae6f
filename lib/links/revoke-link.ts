import type { TActor } from "../audit/append-audit";
import { appendAudit } from "../audit/append-audit";
import { db } from "../db";
import { AppError } from "../errors";
import { ticketRef } from "../tickets/ticket-ref";
import { effectiveLinkStatus, isFinalLinkStatus } from "./link-states";
import { serializeLink } from "./serialize-link";

/**
 * Revokes a link that has not reached a final state. Unused grants die with it, and a recording
 * in progress stops taking uploads (it is kept, finished, for the ticket).
 */
export async function revokeLink(linkId: string, actor: TActor, now = new Date()) {
  return db.$transaction(async (tx) => {
    const link = await tx.link.findUnique({ where: { id: linkId }, include: { ticket: true } });
    if (!link) throw new AppError("not_found", "No such link.");
    const status = effectiveLinkStatus(link, now);
    if (isFinalLinkStatus(status)) throw new AppError("conflict", `The link is already ${status}.`);

    await tx.grant.deleteMany({ where: { linkId, usedAt: null } });
    const stopped = await tx.recording.updateMany({
      where: { linkId, status: "live" },
      data: { status: "finished", finishedAt: now, uploadTokenHash: null, uploadTokenExpiresAt: null },
    });
    const updated = await tx.link.update({
      where: { id: linkId },
      data: { status: "revoked", endedAt: now },
      include: { site: { select: { name: true } }, createdBy: { select: { name: true, email: true } } },
    });
    await appendAudit(tx, {
      actor,
      action: "link.revoked",
      ticketId: link.ticketId,
      ticketRef: ticketRef(link.ticket),
      linkId,
      details: { previousStatus: link.status, stoppedRecordings: stopped.count },
      at: now,
    });
    return serializeLink(updated, now);
  });
}
