import "server-only";
import type { Link } from "../db/models";
import { z } from "zod";
import type { TActor } from "../audit/append-audit";
import { appendAudit } from "../audit/append-audit";
import { newToken, sha256Hex } from "../crypto";
import { writeTx, type Tx } from "../db";
import { AppError } from "../errors";
import { getSettings } from "../settings/get-settings";
import { ticketRef } from "../tickets/ticket-ref";
import { parseOrigins } from "../sites/site-origins";
import { linkUrl } from "./link-url";
import { enqueueEvent } from "../outbound/enqueue-event";
import { customerMessage } from "../helpdesk/customer-message";
import type { TNoticeLanguage } from "../notice/default-notice";

export const ZCreateLinkSchema = z.strictObject({
  siteId: z.string().min(1).max(64).optional(),
  startUrl: z.url({ protocol: /^https?$/ }).max(2000).optional(),
  ttlMinutes: z.number().int().min(5).max(7 * 24 * 60).optional(),
  maxDurationMinutes: z.number().int().min(1).max(120).optional(),
});
export type TCreateLink = z.infer<typeof ZCreateLinkSchema>;

type TCreateLinkOptions = {
  ticketId: string;
  input: TCreateLink;
  actor: TActor & { userId?: string };
  preview?: boolean;
  tx?: Tx;
  /** Requested from the helpdesk: the ready-to-send message goes into the ticket, encrypted in the outbox. */
  customerLanguage?: TNoticeLanguage;
};

/** The token is returned once, inside `url`; only its SHA-256 is stored. A preview ticket takes preview links only, and only those. */
export async function createLink(opts: TCreateLinkOptions): Promise<{ link: Omit<Link, "tokenHash">; url: string }> {
  const { ticketId, input, actor, preview = false, tx } = opts;
  if (!tx) return writeTx((tx) => createLink({ ...opts, tx }));
  const settings = await getSettings(tx);
  const ticket = await tx.ticket.findUnique({ where: { id: ticketId } });
  if (!ticket) throw new AppError("not_found", "No such ticket.");
  if (ticket.status !== "open") throw new AppError("conflict", "The ticket is resolved; reopen it to request a recording.");
  if (ticket.preview !== preview) {
    throw new AppError("conflict", ticket.preview ? "This ticket is an admin's privacy preview: start a new preview from the site's settings." : "A preview link needs a preview ticket.");
  }

  const site = input.siteId
    ? await tx.site.findUnique({ where: { id: input.siteId } })
    : await tx.site.findFirst({ orderBy: [{ isDemo: "desc" }, { createdAt: "asc" }] });
  if (!site) throw new AppError(input.siteId ? "unprocessable_entity" : "conflict", input.siteId ? "siteId: no such site" : "Add a site first.");

  const startUrl = input.startUrl ?? site.startUrl;
  const origins = parseOrigins(site.allowedOrigins);
  if (!origins.includes(new URL(startUrl).origin)) {
    throw new AppError("unprocessable_entity", `startUrl: must be on one of the site's allowed origins (${origins.join(", ") || "none set"})`);
  }
  const start = new URL(startUrl);
  if (start.username || start.password) throw new AppError("unprocessable_entity", "startUrl: must not contain a user name or password");

  const token = newToken();
  const ttl = input.ttlMinutes ?? settings.linkTtlMinutes;
  const maxDurationMinutes = input.maxDurationMinutes ?? settings.maxDurationMinutes;
  const link = await tx.link.create({
    data: {
      ticketId,
      siteId: site.id,
      tokenHash: sha256Hex(token),
      startUrl,
      expiresAt: new Date(Date.now() + ttl * 60_000),
      maxDurationMs: maxDurationMinutes * 60_000,
      createdById: actor.userId ?? null,
    },
  });
  await appendAudit(tx, {
    actor,
    action: "link.created",
    ticketId,
    ticketRef: ticketRef(ticket),
    linkId: link.id,
    details: { siteId: site.id, ttlMinutes: ttl, maxDurationMinutes, ...(preview ? { preview } : {}) },
  });
  const url = opts.customerLanguage && opts.customerLanguage !== "en" ? `${linkUrl(token)}?lang=${opts.customerLanguage}` : linkUrl(token);
  const message = opts.customerLanguage
    ? customerMessage({ language: opts.customerLanguage, operatorName: settings.operatorName, reference: /^\d+$/.test(ticket.externalId) ? `#${ticket.externalId}` : ticket.externalId, url, expiresAt: link.expiresAt })
    : undefined;
  await enqueueEvent(tx, { type: "link.created", linkId: link.id, at: link.createdAt, customerMessage: message });
  return { link, url };
}
