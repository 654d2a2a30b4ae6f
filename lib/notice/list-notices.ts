import "server-only";
import { db } from "../db";
import { NOTICE_LANGUAGES, type TNoticeLanguage } from "./default-notice";
import { ensureDefaultNotice } from "./ensure-default-notice";

export async function listNotices() {
  await ensureDefaultNotice();
  const rows = await db.notice.findMany({ orderBy: [{ version: "desc" }, { language: "asc" }] });
  const consents = await db.consent.groupBy({ by: ["noticeVersion"], _count: { _all: true } });
  const counts = new Map(consents.map((c) => [c.noticeVersion, c._count._all]));
  const versions = new Map<number, { version: number; createdAt: string; consents: number; bodies: Partial<Record<TNoticeLanguage, string>> }>();
  for (const row of rows) {
    const v = versions.get(row.version) ?? { version: row.version, createdAt: row.createdAt.toISOString(), consents: counts.get(row.version) ?? 0, bodies: {} };
    if ((NOTICE_LANGUAGES as readonly string[]).includes(row.language)) v.bodies[row.language as TNoticeLanguage] = row.body;
    versions.set(row.version, v);
  }
  return [...versions.values()];
}
