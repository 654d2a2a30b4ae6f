import "server-only";
import type { TNoticeLanguage } from "../notice/default-notice";
import { getNotice } from "../notice/get-notice";
import { renderNotice } from "../notice/render-notice";
import { getSettings } from "../settings/get-settings";

/** The notice exactly as the customer of this link reads it, with its version and hash. */
export async function noticeForLink({ link, language, version }: {
  link: { maxDurationMs: number; ticket: { externalId: string } };
  language: TNoticeLanguage;
  version?: number;
}) {
  const notice = await getNotice(language, version);
  if (!notice) return null;
  const settings = await getSettings();
  const { text, hash } = renderNotice({
    body: notice.body,
    vars: {
      operator: settings.operatorName,
      ticket: link.ticket.externalId,
      retentionHours: settings.retentionHours,
      durationMinutes: Math.round(link.maxDurationMs / 60_000),
    },
    language,
  });
  return { version: notice.version, language, text, hash, operatorName: settings.operatorName };
}
