import "server-only";
import type { Ticket } from "../db/models";
import type { TActor } from "../audit/append-audit";
import type { Tx } from "../db";
import { createLink } from "../links/create-link";
import { createTicket } from "../tickets/create-ticket";
import { customerLanguage } from "./customer-message";

type TResult = { result: "applied" | "ignored"; message: string };

const ACTIVE = ["pending", "opened", "consented", "recording"] as const;

/** The connection's site; else the only site that is not the demo; else createLink's default. */
async function siteFor(tx: Tx, siteId: string | null) {
  if (siteId && (await tx.site.findUnique({ where: { id: siteId }, select: { id: true } }))) return siteId;
  const sites = await tx.site.findMany({ where: { isDemo: false }, select: { id: true }, take: 2 });
  return sites.length === 1 ? sites[0]?.id : undefined;
}

/** One link and its message posted into the ticket; while a link of the ticket can still be used, asking again creates nothing. */
export async function requestRecording(opts: {
  tx: Tx;
  ticket: Ticket | null;
  event: { source: string; externalId: string; subject?: string | null; locale?: string | null };
  actor: TActor;
  at: Date;
}): Promise<TResult> {
  const { tx, event, actor, at } = opts;
  const connection = await tx.helpdeskConnection.findUnique({ where: { provider: event.source }, select: { enabled: true, siteId: true } });
  if (!connection?.enabled) {
    return { result: "ignored", message: `No ${event.source} connection in Settings › Integrations to post the link to; nothing requested.` };
  }
  let ticket = opts.ticket;
  if (!ticket) {
    const input = { source: event.source, externalId: event.externalId, subject: event.subject?.slice(0, 300) ?? undefined };
    ticket = (await createTicket({ input, actor, tx })).ticket;
  }
  if (ticket.status !== "open") return { result: "ignored", message: "The ticket is resolved; nothing requested." };
  const active = await tx.link.findFirst({
    where: { ticketId: ticket.id, OR: [{ status: "recording" }, { status: { in: [...ACTIVE] }, expiresAt: { gt: at } }] },
    select: { id: true, status: true },
  });
  if (active) return { result: "ignored", message: `Link ${active.id} is still ${active.status}; no new link.` };
  const language = customerLanguage(event.locale) ?? "en";
  const { link } = await createLink({ ticketId: ticket.id, input: { siteId: await siteFor(tx, connection.siteId) }, actor, tx, customerLanguage: language });
  return { result: "applied", message: `Link ${link.id} created; the message (${language}) is posted to the ticket.` };
}
