import "server-only";
import type { TNoticeLanguage } from "../notice/default-notice";
import { getNotice } from "../notice/get-notice";
import { getSiteNotice } from "../notice/get-site-notice";
import { renderNotice } from "../notice/render-notice";
import { getSettings } from "../settings/get-settings";

/** The notice exactly as the customer of this link reads it; without `siteVersion`, the site's part as its settings say now, and `site` the row that says it. */
export async function noticeForLink({ link, language, version, siteVersion }: {
  link: { siteId: string; maxDurationMs: number; ticket: { externalId: string } };
  language: TNoticeLanguage;
  version?: number;
  siteVersion?: number;
}) {
  const notice = await getNotice(language, version);
  const site = await getSiteNotice({ siteId: link.siteId, language, version: siteVersion });
  if (!notice || !site) return null;
  const settings = await getSettings();
  const { text, hash } = renderNotice({
    body: notice.body,
    recorded: site.body,
    vars: {
      operator: settings.operatorName,
      ticket: link.ticket.externalId,
      retentionHours: settings.retentionHours,
      durationMinutes: Math.round(link.maxDurationMs / 60_000),
    },
    language,
  });
  return { version: notice.version, siteVersion: site.version, language, text, hash, operatorName: settings.operatorName, site: site.site };
}
