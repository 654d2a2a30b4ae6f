import "server-only";
import type { TActor } from "../audit/append-audit";
import { appendAudit } from "../audit/append-audit";
import { db } from "../db";
import { AppError } from "../errors";
import { publishSiteNotice } from "../notice/publish-site-notice";
import { serializeSite } from "./serialize-site";
import { startUrlProblem, type TUpdateSite } from "./site-input";
import { parseOrigins } from "./site-origins";

/** Changes apply to consents given afterwards; each consent keeps the notice and privacy snapshot it was given under. */
export async function updateSite({ siteId, input, actor }: { siteId: string; input: TUpdateSite; actor: TActor }) {
  return db.$transaction(async (tx) => {
    const site = await tx.site.findUnique({ where: { id: siteId } });
    if (!site) throw new AppError("not_found", "No such site.");
    const origins = input.allowedOrigins ? [...new Set(input.allowedOrigins)] : parseOrigins(site.allowedOrigins);
    const problem = startUrlProblem(input.startUrl ?? site.startUrl, origins);
    if (problem) throw new AppError("unprocessable_entity", problem);
    const { allowedOrigins: _ignored, ...rest } = input;
    const updated = await tx.site.update({
      where: { id: siteId },
      data: { ...rest, ...(input.allowedOrigins ? { allowedOrigins: JSON.stringify(origins) } : {}) },
    });
    await appendAudit(tx, {
      actor,
      action: "site.updated",
      details: { siteId, changed: Object.keys(input), ...input, ...(input.allowedOrigins ? { allowedOrigins: origins } : {}) },
    });
    const notice = await publishSiteNotice({ tx, siteId, actor });
    return { ...serializeSite(updated), noticeVersion: notice.version };
  });
}
