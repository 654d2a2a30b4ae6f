import type { TActor } from "../audit/append-audit";
import { appendAudit } from "../audit/append-audit";
import { db } from "../db";
import type { TWebhookProvider } from "./providers";

/** Removes the secret saved in the console; deliveries are refused until a new one is set. */
export async function removeWebhookSecret(provider: TWebhookProvider, actor: TActor) {
  return db.$transaction(async (tx) => {
    const { count } = await tx.integrationSecret.deleteMany({ where: { provider } });
    if (count > 0) await appendAudit(tx, { actor, action: "integration.secret_removed", details: { provider } });
    return { removed: count > 0 };
  });
}
