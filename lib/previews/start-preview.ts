import "server-only";
import { customAlphabet } from "nanoid";
import type { TStaffActor } from "../audit/actor";
import { writeTx } from "../db";
import { AppError } from "../errors";
import { createLink } from "../links/create-link";
import { createTicket } from "../tickets/create-ticket";
import { ticketRef } from "../tickets/ticket-ref";

export const PREVIEW_LINK_MINUTES = 15;

const previewRef = customAlphabet("0123456789abcdefghijklmnopqrstuvwxyz", 10);

/** Through the customer's own flow, so it records exactly what a customer's recording would; on a ticket of its own, purged after an hour. */
export async function startPreview({ siteId, actor }: { siteId: string; actor: TStaffActor }) {
  return writeTx(async (tx) => {
    const site = await tx.site.findUnique({ where: { id: siteId } });
    if (!site) throw new AppError("not_found", "No such site.");
    const { ticket, created } = await createTicket({
      tx,
      actor,
      preview: true,
      assigneeId: actor.userId,
      input: { source: "preview", externalId: previewRef(), subject: `Privacy preview of ${site.name}`.slice(0, 300) },
    });
    if (!created) throw new AppError("conflict", "Could not start a preview just now. Try again.");
    const { link, url } = await createLink({
      tx,
      ticketId: ticket.id,
      preview: true,
      actor,
      input: { siteId, ttlMinutes: PREVIEW_LINK_MINUTES, maxDurationMinutes: PREVIEW_LINK_MINUTES },
    });
    return { id: ticket.id, ref: ticketRef(ticket), linkId: link.id, url, expiresAt: link.expiresAt.toISOString() };
  });
}
