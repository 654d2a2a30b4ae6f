import "server-only";
import type { TActor } from "../audit/append-audit";
import { appendAudit } from "../audit/append-audit";
import { db, type Tx } from "../db";
import { AppError } from "../errors";
import { endRecordings } from "../recordings/end-recordings";
import { ticketRef } from "../tickets/ticket-ref";
import { endLinks } from "./end-links";
import { canTransition, effectiveLinkStatus } from "./link-states";
import { serializeLink, type TLinkView } from "./serialize-link";

/** A recording in progress stops taking uploads but is kept, finished, for the ticket. */
export async function revokeLink({ linkId, actor, now = new Date(), tx }: { linkId: string; actor: TActor; now?: Date; tx?: Tx }): Promise<TLinkView> {
  if (!tx) return db.$transaction((tx) => revokeLink({ linkId, actor, now, tx }));
  const link = await tx.link.findUnique({ where: { id: linkId }, include: { ticket: true } });
  if (!link) throw new AppError("not_found", "No such link.");
  const status = effectiveLinkStatus(link, now);
  if (!canTransition(status, "revoked")) throw new AppError("conflict", `The link is already ${status}.`);

  await endLinks({ tx, where: { id: linkId }, status: "revoked", grants: "unused", now });
  const stoppedRecordings = await endRecordings({ tx, where: { linkId }, reason: "link_revoked", actor, now, revokeUploadToken: true });
  await appendAudit(tx, {
    actor,
    action: "link.revoked",
    ticketId: link.ticketId,
    ticketRef: ticketRef(link.ticket),
    linkId,
    details: { previousStatus: link.status, stoppedRecordings },
    at: now,
  });
  const updated = await tx.link.findUniqueOrThrow({
    where: { id: linkId },
    include: { site: { select: { name: true } }, createdBy: { select: { name: true, email: true } } },
  });
  return serializeLink(updated, now);
}
