import "server-only";
import { customAlphabet } from "nanoid";
import { z } from "zod";
import { appendAudit } from "../audit/append-audit";
import { newToken, sha256Hex } from "../crypto";
import { db, writeTx } from "../db";
import { AppError } from "../errors";
import { effectiveLinkStatus } from "../links/link-states";
import { buildPrivacyConfig, parsePrivacyConfig, type TPrivacyConfig, ZPrivacyConfig } from "../privacy/privacy-config";
import { createRecordingKey } from "../recordings/recording-key";
import { getSettings } from "../settings/get-settings";
import { parseOrigins } from "../sites/site-origins";
import { ticketRef } from "../tickets/ticket-ref";
import { BADGE_EN, BADGE_FR } from "./badge-text";
import type { TStartSessionResponse } from "./contract";
import { originNotAllowed } from "./recorder-origins";
import { enqueueEvent } from "../outbound/enqueue-event";

export const ZStartSessionSchema = z.strictObject({ grant: z.string().min(1).max(200) });

// The id is chosen before the row exists because the recording's key is bound to it.
const newRecordingId = customAlphabet("0123456789abcdefghijklmnopqrstuvwxyz", 25);

// The upload token outlives the longest allowed recording by this much, for the last uploads.
const UPLOAD_TOKEN_GRACE_MS = 10 * 60_000;

// What is recorded is what the consent's text described: its snapshot, byte for byte so the hashes
// match. One this release cannot read becomes strict; a consent from before snapshots has none.
function consentedPrivacy(snapshot: string | null | undefined, site: Parameters<typeof buildPrivacyConfig>[0]): string {
  if (!snapshot) return JSON.stringify(buildPrivacyConfig(site));
  let readable = false;
  try {
    readable = ZPrivacyConfig.safeParse(JSON.parse(snapshot)).success;
  } catch {
    // not JSON: strict below
  }
  return readable ? snapshot : JSON.stringify(parsePrivacyConfig(snapshot));
}

/** The grant is spent in the transaction that creates the recording, so two racing tabs get one session. */
export async function startSession(opts: {
  grant: string;
  origin: string | null;
  userAgent?: string | null;
  now?: Date;
}): Promise<TStartSessionResponse> {
  const now = opts.now ?? new Date();
  const grant = await db.grant.findUnique({
    where: { tokenHash: sha256Hex(opts.grant) },
    include: { link: { include: { site: true, ticket: true, consents: { where: { decision: "accepted" }, orderBy: { createdAt: "desc" }, take: 1 } } } },
  });
  if (!grant) throw new AppError("unauthorized", "This recording grant is not valid.");
  const { link } = grant;
  if (!opts.origin || !parseOrigins(link.site.allowedOrigins).includes(opts.origin)) throw originNotAllowed();
  if (grant.usedAt) throw new AppError("gone", "This recording grant has already been used.");
  if (grant.expiresAt <= now) throw new AppError("gone", "This recording grant has expired. Open the link again.");
  const linkStatus = effectiveLinkStatus(link, now);
  if (linkStatus !== "consented") throw new AppError("gone", `The recording request is ${linkStatus}.`);
  if (link.ticket.status !== "open") throw new AppError("gone", "The support ticket is closed.");

  const settings = await getSettings();
  const language = grant.language === "fr" ? "fr" : "en";
  const snapshot = consentedPrivacy(link.consents[0]?.privacy, link.site);
  const privacy = JSON.parse(snapshot) as TPrivacyConfig;
  const uploadToken = newToken();
  const uploadTokenExpiresAt = new Date(now.getTime() + link.maxDurationMs + UPLOAD_TOKEN_GRACE_MS);

  const recording = await writeTx(async (tx) => {
    const spent = await tx.grant.updateMany({ where: { id: grant.id, usedAt: null }, data: { usedAt: now } });
    if (spent.count !== 1) throw new AppError("gone", "This recording grant has already been used.");
    const id = newRecordingId();
    const { wrappedKey } = createRecordingKey(id);
    const created = await tx.recording.create({
      data: {
        id,
        wrappedKey,
        linkId: link.id,
        ticketId: link.ticketId,
        siteId: link.siteId,
        status: "live",
        privacy: snapshot,
        uploadTokenHash: sha256Hex(uploadToken),
        uploadTokenExpiresAt,
        maxDurationMs: link.maxDurationMs,
        userAgent: opts.userAgent?.slice(0, 400) ?? null,
        startedAt: now,
      },
    });
    await tx.link.update({ where: { id: link.id }, data: { status: "recording" } });
    await appendAudit(tx, {
      actor: { type: "customer", label: "customer" },
      action: "recording.started",
      ticketId: link.ticketId,
      ticketRef: ticketRef(link.ticket),
      linkId: link.id,
      recordingId: created.id,
      details: { siteId: link.siteId, preset: privacy.preset, configHash: sha256Hex(snapshot), maxDurationMs: link.maxDurationMs, ...(link.ticket.preview ? { preview: true } : {}) },
      at: now,
    });
    await enqueueEvent(tx, { type: "recording.started", recordingId: created.id, at: now });
    return created;
  });

  return {
    recordingId: recording.id,
    uploadToken,
    expiresAt: uploadTokenExpiresAt.toISOString(),
    startedAt: now.toISOString(),
    maxDurationMs: link.maxDurationMs,
    privacy,
    ticket: { reference: link.ticket.externalId },
    operatorName: settings.operatorName,
    language,
    badge: language === "fr" ? BADGE_FR : BADGE_EN,
  };
}
