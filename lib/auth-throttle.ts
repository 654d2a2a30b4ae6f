import "server-only";
import { sha256Hex } from "./crypto";
import { db, writeTx } from "./db";

// Sign-in limits in the database, so that every instance counts the same attempts. A key is the
// SHA-256 of what it limits: attempted emails and client addresses are not kept in clear.

const rowKey = (kind: string, value: string) => `${kind}:${sha256Hex(value)}`;

/** A fixed window: true while `value` is under `limit` attempts in `windowMs`. Counts this attempt. */
export async function hitWindow(kind: string, value: string, opts: { limit: number; windowMs: number }, now = new Date()): Promise<boolean> {
  const key = rowKey(kind, value);
  return writeTx(async (tx) => {
    const row = await tx.throttle.findUnique({ where: { key } });
    if (!row || row.windowEndsAt <= now) {
      const windowEndsAt = new Date(now.getTime() + opts.windowMs);
      await tx.throttle.upsert({ where: { key }, create: { key, count: 1, windowEndsAt, lastAt: now }, update: { count: 1, windowEndsAt, lastAt: now } });
      return true;
    }
    const updated = await tx.throttle.update({ where: { key }, data: { count: { increment: 1 }, lastAt: now } });
    return updated.count <= opts.limit;
  });
}

type TBackoff = { freeFailures: number; baseMs: number; maxMs: number };

const backoffDelay = (count: number, o: TBackoff) => (count < o.freeFailures ? 0 : Math.min(o.maxMs, o.baseMs * 2 ** (count - o.freeFailures)));

/** How long `value` must still wait before its next attempt, in ms; 0 when it may go ahead. */
export async function backoffWaitMs(kind: string, value: string, opts: TBackoff, now = new Date()): Promise<number> {
  const row = await db.throttle.findUnique({ where: { key: rowKey(kind, value) } });
  if (!row) return 0;
  return Math.max(0, row.lastAt.getTime() + backoffDelay(row.count, opts) - now.getTime());
}

/** One more failure; failures older than twice the longest wait are forgotten. */
export async function backoffFail(kind: string, value: string, opts: TBackoff, now = new Date()): Promise<void> {
  const key = rowKey(kind, value);
  await writeTx(async (tx) => {
    const row = await tx.throttle.findUnique({ where: { key } });
    const fresh = !row || now.getTime() - row.lastAt.getTime() >= opts.maxMs * 2;
    const windowEndsAt = new Date(now.getTime() + opts.maxMs * 2);
    await tx.throttle.upsert({
      where: { key },
      create: { key, count: 1, windowEndsAt, lastAt: now },
      update: fresh ? { count: 1, windowEndsAt, lastAt: now } : { count: { increment: 1 }, windowEndsAt, lastAt: now },
    });
  });
}

export async function resetThrottle(kind: string, value: string): Promise<void> {
  await db.throttle.deleteMany({ where: { key: rowKey(kind, value) } });
}
