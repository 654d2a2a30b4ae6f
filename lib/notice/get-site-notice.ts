import "server-only";
import { db, writeTx } from "../db";
import type { TNoticeLanguage } from "./default-notice";
import { publishSiteNotice } from "./publish-site-notice";

const SYSTEM = { type: "system" as const, label: "notice" };

/**
 * A site's sections of the notice in one language: the given version, or else what its settings
 * say now, published first when they changed in a way nothing published yet (a new release's wording).
 */
export async function getSiteNotice({ siteId, language, version }: { siteId: string; language: TNoticeLanguage; version?: number }) {
  if (version !== undefined) {
    const row = await db.siteNotice.findUnique({ where: { siteId_version_language: { siteId, version, language } } });
    return row ? { version: row.version, body: row.body, site: null } : null;
  }
  const current = await writeTx((tx) => publishSiteNotice({ tx, siteId, actor: SYSTEM }));
  return { version: current.version, body: current.bodies[language], site: current.site };
}
