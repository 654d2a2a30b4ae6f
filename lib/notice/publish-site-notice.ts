import "server-only";
import { appendAudit, type TActor } from "../audit/append-audit";
import { sha256Hex } from "../crypto";
import type { Tx } from "../db";
import { NOTICE_LANGUAGES, type TNoticeLanguage } from "./default-notice";
import { describeRecording } from "./describe-recording";

/** A new version only when what the site's settings say differs from its latest version; consents keep pointing at theirs. */
export async function publishSiteNotice({ tx, siteId, actor }: { tx: Tx; siteId: string; actor: TActor }) {
  const site = await tx.site.findUniqueOrThrow({ where: { id: siteId } });
  const bodies = Object.fromEntries(NOTICE_LANGUAGES.map((l) => [l, describeRecording(site, l)])) as Record<TNoticeLanguage, string>;
  const latest = await tx.siteNotice.findMany({ where: { siteId }, orderBy: { version: "desc" }, take: NOTICE_LANGUAGES.length });
  const current = latest[0]?.version ?? 0;
  if (current > 0 && NOTICE_LANGUAGES.every((l) => latest.some((n) => n.version === current && n.language === l && n.body === bodies[l]))) {
    return { version: current, bodies, site, published: false };
  }
  const version = current + 1;
  for (const language of NOTICE_LANGUAGES) {
    await tx.siteNotice.create({ data: { siteId, version, language, body: bodies[language] } });
  }
  await appendAudit(tx, {
    actor,
    action: "notice.site_published",
    details: { siteId, version, hashes: Object.fromEntries(NOTICE_LANGUAGES.map((l) => [l, sha256Hex(bodies[l])])) },
  });
  return { version, bodies, site, published: true };
}
