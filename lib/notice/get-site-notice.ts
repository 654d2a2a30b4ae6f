import "server-only";
import { db, writeTx } from "../db";
import type { TNoticeLanguage } from "./default-notice";
import { publishSiteNotice } from "./publish-site-notice";

const SYSTEM = { type: "system" as const, label: "notice" };

/** The given version, or what the site's settings say now: published first if no version says it yet (a release that rewords it). */
export async function getSiteNotice({ siteId, language, version }: { siteId: string; language: TNoticeLanguage; version?: number }) {
  if (version !== undefined) {
    const row = await db.siteNotice.findUnique({ where: { siteId_version_language: { siteId, version, language } } });
    return row ? { version: row.version, body: row.body, site: null } : null;
  }
  const current = await writeTx((tx) => publishSiteNotice({ tx, siteId, actor: SYSTEM }));
  return { version: current.version, body: current.bodies[language], site: current.site };
}
