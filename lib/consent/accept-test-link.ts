import "server-only";
import { decideConsent } from "./decide-consent";
import { noticeForLink } from "./notice-for-link";
import { findLinkByToken } from "./find-link-by-token";
import { db } from "../db/client";
import { createLink } from "../links/create-link";
import { ensureDemoSite } from "../sites/ensure-demo-site";
import { createTicket } from "../tickets/create-ticket";

const system = { type: "system" as const, label: "test" };

/** For tests and the benchmark: through the same functions the consent page uses. */
export async function acceptTestLink(opts: { externalId?: string; maxDurationMinutes?: number; siteId?: string } = {}) {
  const site = opts.siteId ? await db.site.findUniqueOrThrow({ where: { id: opts.siteId } }) : await ensureDemoSite();
  const { ticket } = await createTicket({ input: { source: "manual", externalId: opts.externalId ?? `T-${Math.random().toString(36).slice(2)}` }, actor: system });
  const { link, url } = await createLink({ ticketId: ticket.id, input: { siteId: site.id, maxDurationMinutes: opts.maxDurationMinutes }, actor: system });
  const token = url.split("/r/")[1]!;
  const notice = await noticeForLink({ link: (await findLinkByToken(token))!, language: "en" });
  const outcome = await decideConsent({ token, form: { decision: "accept", lang: "en", noticeVersion: notice!.version, siteNoticeVersion: notice!.siteVersion, noticeHash: notice!.hash } });
  if (outcome.kind !== "grant") throw new Error(`acceptance failed: ${outcome.reason}`);
  const grant = new URL(outcome.location).hash.replace("#glimpse=", "");
  return { site, ticket, link, token, grant, origin: new URL(site.startUrl).origin };
}
