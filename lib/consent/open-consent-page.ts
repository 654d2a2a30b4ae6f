import "server-only";
import type { LinkStatus, RecordingStatus } from "../db/models";
import { appendAudit } from "../audit/append-audit";
import { db } from "../db";
import { effectiveLinkStatus } from "../links/link-states";
import type { TNoticeLanguage } from "../notice/default-notice";
import { getSettings } from "../settings/get-settings";
import { ticketRef } from "../tickets/ticket-ref";
import { findLinkByToken } from "./find-link-by-token";
import { noticeForLink } from "./notice-for-link";
import { canWithdrawLink } from "./withdraw-consent";

export type TConsentPage =
  | { kind: "unknown" }
  | {
      kind: "ask" | "consented" | "recorded" | "expired" | "revoked" | "declined" | "withdrawn";
      operatorName: string;
      ticketReference: string;
      notice: { version: number; siteVersion: number; text: string; hash: string } | null;
      // The newest, also on a revoked or expired link's page when something was recorded before.
      recording: { status: RecordingStatus; startedAt: string; finishedAt: string | null } | null;
      canWithdraw: boolean;
      /** An admin's privacy preview of their own site (lib/previews), by that admin. */
      preview: { by: string } | null;
    };

const KIND_BY_STATUS: Record<LinkStatus, Exclude<TConsentPage["kind"], "unknown">> = {
  pending: "ask",
  opened: "ask",
  consented: "consented",
  recording: "recorded",
  finished: "recorded",
  expired: "expired",
  revoked: "revoked",
  declined: "declined",
  withdrawn: "withdrawn",
};

/** The first view of a pending link marks it opened (audited), so the agent sees the customer has it. */
export async function openConsentPage({ token, language, now = new Date() }: { token: string; language: TNoticeLanguage; now?: Date }): Promise<TConsentPage> {
  const link = await findLinkByToken(token);
  if (!link) return { kind: "unknown" };
  const status = effectiveLinkStatus(link, now);

  if (status === "pending") {
    await db.$transaction(async (tx) => {
      const opened = await tx.link.updateMany({ where: { id: link.id, status: "pending" }, data: { status: "opened", openedAt: now } });
      if (opened.count === 1) {
        await appendAudit(tx, {
          actor: { type: "customer", label: "customer" },
          action: "link.opened",
          ticketId: link.ticketId,
          ticketRef: ticketRef(link.ticket),
          linkId: link.id,
          at: now,
        });
      }
    });
  }

  const kind = KIND_BY_STATUS[status];
  const notice = kind === "ask" ? await noticeForLink({ link, language }) : null;
  const latest = link.recordings[0];
  const by = link.ticket.preview && link.createdById ? await db.user.findUnique({ where: { id: link.createdById }, select: { name: true } }) : null;
  return {
    kind,
    operatorName: notice?.operatorName ?? (await getSettings()).operatorName,
    ticketReference: link.ticket.externalId,
    notice: notice ? { version: notice.version, siteVersion: notice.siteVersion, text: notice.text, hash: notice.hash } : null,
    recording: latest
      ? { status: latest.status, startedAt: latest.startedAt.toISOString(), finishedAt: latest.finishedAt?.toISOString() ?? null }
      : null,
    canWithdraw: kind !== "ask" && canWithdrawLink(status, link.recordings),
    preview: link.ticket.preview ? { by: by?.name ?? "an admin" } : null,
  };
}
