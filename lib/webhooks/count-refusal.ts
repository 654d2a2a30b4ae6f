import "server-only";
import { db } from "../db";

const HOUR_MS = 3_600_000;

// Anyone can post to a webhook URL: a refusal is one counter per provider, fixed reason and hour, never a row.
export async function countRefusal({ providerId, reason, now = new Date() }: { providerId: string; reason: string; now?: Date }): Promise<void> {
  const hour = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
  await db.webhookRefusal.upsert({
    where: { provider_reason_hour: { provider: providerId, reason, hour } },
    create: { provider: providerId, reason, hour, count: 1, lastAt: now },
    update: { count: { increment: 1 }, lastAt: now },
  });
}
