import "server-only";
import { sha256Hex } from "../crypto";
import { db } from "../db";
import { appendAudit } from "../audit/append-audit";
import { DEFAULT_NOTICE, NOTICE_LANGUAGES } from "./default-notice";

// The seeded text from before {recorded}: it described one recording for every site, so it is
// replaced by the current default unless an admin had published their own text.
const PREVIOUS_DEFAULTS = new Set([
  "7ad7b031fa9ce039643ad2c21559051f2181793dd247e523c4ede59df98de933",
  "94d03c387fc3f80d24d97847baf2d13129ed58d4a15b17f0eacdc62bf554e43f",
]);

/** Seeds version 1 the first time a notice is needed; a concurrent seed loses the race quietly. */
export async function ensureDefaultNotice() {
  const latest = await db.notice.findMany({ orderBy: { version: "desc" }, take: NOTICE_LANGUAGES.length });
  const outdated = latest.length > 0 && latest.every((n) => PREVIOUS_DEFAULTS.has(sha256Hex(n.body)));
  if (latest.length > 0 && !outdated) return;
  const version = (latest[0]?.version ?? 0) + 1;
  try {
    await db.$transaction(async (tx) => {
      for (const language of NOTICE_LANGUAGES) {
        await tx.notice.create({ data: { version, language, body: DEFAULT_NOTICE[language] } });
      }
      if (outdated) await appendAudit(tx, { actor: { type: "system", label: "upgrade" }, action: "notice.published", details: { version, reason: "default_upgraded" } });
    });
  } catch (error) {
    if (!(await db.notice.findFirst({ where: { version } }))) throw error;
  }
}
