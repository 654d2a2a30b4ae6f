import "server-only";
import type { LinkStatus } from "../db/models";
import { z } from "zod";
import { appendAudit } from "../audit/append-audit";
import { sha256Hex } from "../crypto";
import { writeTx } from "../db";
import { effectiveLinkStatus } from "../links/link-states";
import { createGrant } from "./create-grant";
import { NOTICE_LANGUAGES } from "../notice/default-notice";
import { buildPrivacyConfig } from "../privacy/privacy-config";
import { ticketRef } from "../tickets/ticket-ref";
import { findLinkByToken } from "./find-link-by-token";
import { noticeForLink } from "./notice-for-link";
import { enqueueEvent } from "../outbound/enqueue-event";
import { canWithdrawLink, withdrawConsent } from "./withdraw-consent";

export const ZConsentFormSchema = z.object({
  decision: z.enum(["accept", "decline", "withdraw", "resume"]),
  lang: z.enum(NOTICE_LANGUAGES).default("en"),
  noticeVersion: z.coerce.number().int().min(1).optional(),
  siteNoticeVersion: z.coerce.number().int().min(1).optional(),
  noticeHash: z.string().regex(/^[0-9a-f]{64}$/).optional(),
});
export type TConsentForm = z.infer<typeof ZConsentFormSchema>;

/** `grant`: on to the operator's site with the grant in the fragment; `page`: back to the consent page. */
export type TDecisionOutcome =
  | { kind: "grant"; location: string }
  | { kind: "page"; reason: "decided" | "notice_changed" | "not_allowed" | "unknown" };

function withGrant(startUrl: string, grant: string) {
  const url = new URL(startUrl);
  url.hash = `glimpse=${grant}`;
  return url.toString();
}

const CUSTOMER = { type: "customer" as const, label: "customer" };
const ASKING: LinkStatus[] = ["pending", "opened"];

/** The form's versions and hash must still match what they render to now, the site's part as its settings say now, or the customer reads the notice again. */
export async function decideConsent({ token, form, now = new Date() }: { token: string; form: TConsentForm; now?: Date }): Promise<TDecisionOutcome> {
  const link = await findLinkByToken(token);
  if (!link) return { kind: "page", reason: "unknown" };
  const status = effectiveLinkStatus(link, now);

  if (form.decision === "withdraw") {
    // Withdrawing twice is a no-op; a revoked or expired link with a recording can still be withdrawn.
    if (status !== "withdrawn" && !canWithdrawLink(status, link.recordings)) return { kind: "page", reason: "not_allowed" };
    await withdrawConsent({ linkId: link.id, via: "consent_page", now });
    return { kind: "page", reason: "decided" };
  }

  if (form.decision === "resume") {
    // A customer who accepted but whose recording never started (tab closed, redirect lost).
    if (status !== "consented" || link.recordings.length > 0) return { kind: "page", reason: "not_allowed" };
    const grant = await writeTx(async (tx) => {
      const token = await createGrant({ tx, linkId: link.id, language: form.lang, now });
      await appendAudit(tx, { actor: CUSTOMER, action: "grant.reissued", ticketId: link.ticketId, ticketRef: ticketRef(link.ticket), linkId: link.id, at: now });
      return token;
    });
    return { kind: "grant", location: withGrant(link.startUrl, grant) };
  }

  if (!ASKING.includes(status)) return { kind: "page", reason: "not_allowed" };
  const notice = form.noticeVersion ? await noticeForLink({ link, language: form.lang, version: form.noticeVersion }) : null;
  if (!notice?.site || notice.siteVersion !== form.siteNoticeVersion || notice.hash !== form.noticeHash) return { kind: "page", reason: "notice_changed" };
  const privacy = JSON.stringify(buildPrivacyConfig(notice.site));

  const accepted = form.decision === "accept";
  const grant = await writeTx(async (tx) => {
    const moved = await tx.link.updateMany({
      where: { id: link.id, status: { in: ASKING }, expiresAt: { gt: now } },
      data: { status: accepted ? "consented" : "declined", decidedAt: now, openedAt: link.openedAt ?? now, ...(accepted ? {} : { endedAt: now }) },
    });
    if (moved.count !== 1) return null;
    await tx.consent.create({
      data: {
        linkId: link.id,
        decision: accepted ? "accepted" : "declined",
        noticeVersion: notice.version,
        noticeHash: notice.hash,
        language: form.lang,
        siteNoticeVersion: notice.siteVersion,
        privacy,
        configHash: sha256Hex(privacy),
        createdAt: now,
      },
    });
    await appendAudit(tx, {
      actor: CUSTOMER,
      action: accepted ? "consent.accepted" : "consent.declined",
      ticketId: link.ticketId,
      ticketRef: ticketRef(link.ticket),
      linkId: link.id,
      details: { noticeVersion: notice.version, siteNoticeVersion: notice.siteVersion, noticeHash: notice.hash, configHash: sha256Hex(privacy), language: form.lang },
      at: now,
    });
    await enqueueEvent(tx, { type: accepted ? "consent.accepted" : "consent.declined", linkId: link.id, at: now });
    return accepted ? createGrant({ tx, linkId: link.id, language: form.lang, now }) : "";
  });
  if (grant === null) return { kind: "page", reason: "not_allowed" };
  if (!accepted) return { kind: "page", reason: "decided" };
  return { kind: "grant", location: withGrant(link.startUrl, grant) };
}
