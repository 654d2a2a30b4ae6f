import "server-only";
import { z } from "zod";
import type { TActor } from "../audit/append-audit";
import { appendAudit } from "../audit/append-audit";
import { sha256Hex } from "../crypto";
import { db } from "../db";
import { NOTICE_LANGUAGES } from "./default-notice";
import { ensureDefaultNotice } from "./ensure-default-notice";

const ZNoticeBody = z
  .string()
  .trim()
  .min(50, "write the whole notice (at least 50 characters)")
  .max(20_000)
  .refine((body) => body.split("{recorded}").length === 2, "put {recorded} once, on its own line, where each site's \"What is recorded\" sections go");

export const ZPublishNoticeSchema = z.strictObject({ en: ZNoticeBody, fr: ZNoticeBody });
export type TPublishNotice = z.infer<typeof ZPublishNoticeSchema>;

/** Every language at once, so a version number always means the same text; earlier versions stay because consents point at them. */
export async function publishNotice(input: TPublishNotice, actor: TActor) {
  await ensureDefaultNotice();
  return db.$transaction(async (tx) => {
    const latest = await tx.notice.findFirst({ orderBy: { version: "desc" }, select: { version: true } });
    const version = (latest?.version ?? 0) + 1;
    for (const language of NOTICE_LANGUAGES) {
      await tx.notice.create({ data: { version, language, body: input[language], createdById: actor.type === "user" ? actor.id : null } });
    }
    await appendAudit(tx, {
      actor,
      action: "notice.published",
      details: { version, hashes: Object.fromEntries(NOTICE_LANGUAGES.map((l) => [l, sha256Hex(input[l])])) },
    });
    return { version };
  });
}
