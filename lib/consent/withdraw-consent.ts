import "server-only";
import type { LinkStatus, RecordingStatus } from "../db/models";
import { appendAudit } from "../audit/append-audit";
import { writeTx } from "../db";
import { AppError } from "../errors";
import { effectiveLinkStatus } from "../links/link-states";
import { endLinks } from "../links/end-links";
import { purgeRecordings } from "../recordings/purge-recordings";
import { ticketRef } from "../tickets/ticket-ref";

const WITHDRAWABLE: LinkStatus[] = ["consented", "recording", "finished"];

/** Once consent is given, and while anything recorded is not purged, whatever became of the link: it stays the customer's to delete. */
export function canWithdrawLink(status: LinkStatus, recordings: { status: RecordingStatus }[]) {
  if (status === "withdrawn") return false;
  return WITHDRAWABLE.includes(status) || recordings.some((r) => r.status !== "purged");
}

const CUSTOMER = { type: "customer" as const, label: "customer" };

/** Purges every recording of the link at once; withdrawing twice is a no-op. */
export async function withdrawConsent({ linkId, via, now = new Date() }: { linkId: string; via: "consent_page" | "recorder"; now?: Date }) {
  return writeTx(async (tx) => {
    const link = await tx.link.findUnique({ where: { id: linkId }, include: { ticket: true } });
    if (!link) throw new AppError("not_found", "No such link.");
    if (link.status === "withdrawn") return { purgedRecordings: 0, alreadyWithdrawn: true };
    const status = effectiveLinkStatus(link, now);
    const recordings = await tx.recording.findMany({ where: { linkId, status: { not: "purged" } }, select: { id: true, status: true } });
    if (!canWithdrawLink(status, recordings)) throw new AppError("conflict", `There is nothing to withdraw: the link is ${status}.`);

    const ids = recordings.map((r) => r.id);
    const { purgedRecordings } = await purgeRecordings({ tx, ids, reason: "withdrawn", actor: CUSTOMER, now });
    await endLinks({ tx, where: { id: linkId }, status: "withdrawn", grants: "unused", now });

    const accepted = await tx.consent.findFirst({ where: { linkId, decision: "accepted" }, orderBy: { createdAt: "desc" } });
    await tx.consent.create({
      data: {
        linkId,
        decision: "withdrawn",
        noticeVersion: accepted?.noticeVersion ?? 0,
        noticeHash: accepted?.noticeHash ?? "",
        language: accepted?.language ?? "en",
        siteNoticeVersion: accepted?.siteNoticeVersion ?? null,
        privacy: accepted?.privacy ?? null,
        configHash: accepted?.configHash ?? null,
        createdAt: now,
      },
    });
    await appendAudit(tx, {
      actor: CUSTOMER,
      action: "consent.withdrawn",
      ticketId: link.ticketId,
      ticketRef: ticketRef(link.ticket),
      linkId,
      details: { via, previousStatus: link.status, purgedRecordings },
      at: now,
    });
    return { purgedRecordings, alreadyWithdrawn: false };
  });
}
