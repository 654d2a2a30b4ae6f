import "server-only";
import type { TActor } from "../audit/append-audit";
import { appendAudit } from "../audit/append-audit";
import { db } from "../db";

/** Removes the secret saved in the console; deliveries are refused until a new one is set. */
export async function removeWebhookSecret({ providerId, actor }: { providerId: string; actor: TActor }) {
  return db.$transaction(async (tx) => {
    const { count } = await tx.integrationSecret.deleteMany({ where: { provider: providerId } });
    if (count > 0) await appendAudit(tx, { actor, action: "integration.secret_removed", details: { provider: providerId } });
    return { removed: count > 0 };
  });
}
