import "server-only";
import { db } from "../db";
import type { TNoticeLanguage } from "./default-notice";
import { ensureDefaultNotice } from "./ensure-default-notice";

/** The notice in one language: the latest version, or the given one. Versions never change once published. */
export async function getNotice(language: TNoticeLanguage, version?: number) {
  await ensureDefaultNotice();
  return db.notice.findFirst({
    where: { language, ...(version !== undefined ? { version } : {}) },
    orderBy: { version: "desc" },
  });
}
