import "server-only";
import { db } from "../db";
import { DEFAULT_NOTICE, NOTICE_LANGUAGES } from "./default-notice";

/** Seeds version 1 the first time a notice is needed; a concurrent seed loses the race quietly. */
export async function ensureDefaultNotice() {
  if ((await db.notice.count()) > 0) return;
  try {
    await db.$transaction(async (tx) => {
      for (const language of NOTICE_LANGUAGES) {
        await tx.notice.create({ data: { version: 1, language, body: DEFAULT_NOTICE[language] } });
      }
    });
  } catch (error) {
    if ((await db.notice.count()) === 0) throw error;
  }
}
