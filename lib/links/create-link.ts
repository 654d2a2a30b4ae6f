import "server-only";
import { z } from "zod";
import type { TActor } from "../audit/append-audit";
import { appendAudit } from "../audit/append-audit";
import { newToken, sha256Hex } from "../crypto";
import { db } from "../db";
import { AppError } from "../errors";
import { getSettings } from "../settings/get-settings";
import { ticketRef } from "../tickets/ticket-ref";
import { parseOrigins } from "../sites/site-origins";
import { linkUrl } from "./link-url";
import { enqueueEvent } from "../outbound/enqueue-event";

export const ZCreateLinkSchema = z.strictObject({
  siteId: z.string().min(1).max(64).optional(),
  startUrl: z.url({ protocol: /^https?$/ }).max(2000).optional(),
  ttlMinutes: z.number().int().min(5).max(7 * 24 * 60).optional(),
  maxDurationMinutes: z.number().int().min(1).max(120).optional(),
});
export type TCreateLink = z.infer<typeof ZCreateLinkSchema>;

/** The token is returned once, inside `url`; only its SHA-256 is stored. */
export async function createLink({ ticketId, input, actor }: { ticketId: string; input: TCreateLink; actor: TActor & { userId?: string } }) {
  const settings = await getSettings();
  const ticket = await db.ticket.findUnique({ where: { id: ticketId } });
  if (!ticket) throw new AppError("not_found", "No such ticket.");
  if (ticket.status !== "open") throw new AppError("conflict", "The ticket is resolved; reopen it to request a recording.");

  const site = input.siteId
    ? await db.site.findUnique({ where: { id: input.siteId } })
    : await db.site.findFirst({ orderBy: [{ isDemo: "desc" }, { createdAt: "asc" }] });
  if (!site) throw new AppError(input.siteId ? "unprocessable_entity" : "conflict", input.siteId ? "siteId: no such site" : "Add a site first.");

  const startUrl = input.startUrl ?? site.startUrl;
  const origins = parseOrigins(site.allowedOrigins);
  if (!origins.includes(new URL(startUrl).origin)) {
    throw new AppError("unprocessable_entity", `startUrl: must be on one of the site's allowed origins (${origins.join(", ") || "none set"})`);
  }
  const url = new URL(startUrl);
  if (url.username || url.password) throw new AppError("unprocessable_entity", "startUrl: must not contain a user name or password");

  const token = newToken();
  const ttl = input.ttlMinutes ?? settings.linkTtlMinutes;
  const maxDurationMinutes = input.maxDurationMinutes ?? settings.maxDurationMinutes;
  const link = await db.$transaction(async (tx) => {
    const created = await tx.link.create({
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
      linkId: created.id,
      details: { siteId: site.id, ttlMinutes: ttl, maxDurationMinutes },
    });
    await enqueueEvent(tx, { type: "link.created", linkId: created.id, at: created.createdAt });
    return created;
  });
  return { link, url: linkUrl(token) };
}
