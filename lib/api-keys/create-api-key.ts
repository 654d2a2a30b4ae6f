import "server-only";
import { z } from "zod";
import type { TActor } from "../audit/append-audit";
import { appendAudit } from "../audit/append-audit";
import { newToken, sha256Hex } from "../crypto";
import { db } from "../db";

export const ZCreateApiKeySchema = z.strictObject({ name: z.string().trim().min(1).max(80) });

/** Returns the key once; only its SHA-256 is stored. It acts with its creator's role. */
export async function createApiKey({ userId, name, actor }: { userId: string; name: string; actor: TActor }) {
  const key = newToken("glk_");
  const apiKey = await db.$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: { name, userId, prefix: key.slice(0, 8), keyHash: sha256Hex(key) },
    });
    await appendAudit(tx, { actor, action: "apiKey.created", details: { apiKeyId: created.id, name, userId } });
    return created;
  });
  return { apiKey, key };
}
