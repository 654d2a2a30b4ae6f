import "server-only";
import { sha256Hex } from "../crypto";
import { db } from "../db";

/** Links are found by the SHA-256 of their token; the token itself is never stored. */
export async function findLinkByToken(token: string) {
  if (token.length < 20 || token.length > 200) return null;
  return db.link.findUnique({
    where: { tokenHash: sha256Hex(token) },
    include: {
      ticket: true,
      recordings: { orderBy: { startedAt: "desc" }, select: { id: true, status: true, startedAt: true, finishedAt: true, purgedAt: true, purgeReason: true } },
    },
  });
}

export type TLinkWithContext = NonNullable<Awaited<ReturnType<typeof findLinkByToken>>>;
