import "server-only";
import { newToken, sha256Hex } from "../crypto";
import { db, type Tx } from "../db";
import type { TNoticeLanguage } from "../notice/default-notice";

export const GRANT_TTL_MS = 10 * 60_000;

/** Travels in the URL fragment, which never reaches a server log or a Referer; only its SHA-256 is stored. */
export async function createGrant({ linkId, language = "en", now = new Date(), tx = db }: { linkId: string; language?: TNoticeLanguage; now?: Date; tx?: Tx }) {
  const token = newToken();
  await tx.grant.create({
    data: { linkId, tokenHash: sha256Hex(token), language, expiresAt: new Date(now.getTime() + GRANT_TTL_MS) },
  });
  return token;
}
