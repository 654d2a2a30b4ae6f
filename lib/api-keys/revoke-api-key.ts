import "server-only";
import type { TActor } from "../audit/append-audit";
import { appendAudit } from "../audit/append-audit";
import { db } from "../db";
import { AppError } from "../errors";

export async function revokeApiKey(apiKeyId: string, actor: TActor) {
  return db.$transaction(async (tx) => {
    const key = await tx.apiKey.findUnique({ where: { id: apiKeyId } });
    if (!key) throw new AppError("not_found", "No such API key.");
    if (key.revokedAt) throw new AppError("conflict", "This API key is already revoked.");
    const revoked = await tx.apiKey.update({ where: { id: apiKeyId }, data: { revokedAt: new Date() } });
    await appendAudit(tx, { actor, action: "apiKey.revoked", details: { apiKeyId, name: key.name, prefix: key.prefix } });
    return { id: revoked.id, revokedAt: revoked.revokedAt!.toISOString() };
  });
}
