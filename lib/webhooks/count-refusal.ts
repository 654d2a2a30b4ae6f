import { db } from "../db";
import type { TWebhookProvider } from "./providers";

const HOUR_MS = 3_600_000;

/**
 * Counts a delivery refused before it was authenticated. Anyone can post to a webhook URL, so a
 * refusal is one counter per provider, reason and hour, never a row of its own. The reasons come
 * from a fixed set (verify-signature), never from the request.
 */
export async function countRefusal(provider: TWebhookProvider, reason: string, now = new Date()): Promise<void> {
  const hour = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
  await db.webhookRefusal.upsert({
    where: { provider_reason_hour: { provider, reason, hour } },
    create: { provider, reason, hour, count: 1, lastAt: now },
    update: { count: { increment: 1 }, lastAt: now },
  });
}
