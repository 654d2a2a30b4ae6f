import "server-only";
import { nanoid } from "nanoid";
import type { TActor } from "../audit/append-audit";
import { appendAudit } from "../audit/append-audit";
import { db } from "../db";
import { AppError } from "../errors";
import { publishSiteNotice } from "../notice/publish-site-notice";
import { serializeSite } from "./serialize-site";
import { startUrlProblem, type TCreateSite } from "./site-input";

export async function createSite(input: TCreateSite, actor: TActor) {
  const origins = [...new Set(input.allowedOrigins)];
  const problem = startUrlProblem(input.startUrl, origins);
  if (problem) throw new AppError("unprocessable_entity", problem);
  return db.$transaction(async (tx) => {
    const site = await tx.site.create({
      data: { ...input, allowedOrigins: JSON.stringify(origins), siteKey: `site_${nanoid(16)}` },
    });
    await appendAudit(tx, {
      actor,
      action: "site.created",
      details: { siteId: site.id, name: site.name, allowedOrigins: origins, privacyPreset: site.privacyPreset },
    });
    const notice = await publishSiteNotice({ tx, siteId: site.id, actor });
    return { ...serializeSite(site), noticeVersion: notice.version };
  });
}
