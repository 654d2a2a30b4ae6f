import "server-only";
import type { OutboundDeliveryStatus } from "../db/models";
import { db, writeTx } from "../db";
import { sendHelpdeskNote } from "../helpdesk/send-helpdesk-note";
import { openEndpointKey } from "./endpoint-secret";
import { REQUEST_TIMEOUT_MS, sendEvent, type TSendResult } from "./send-event";

// A claim outlives the longest request by far: a pass that died mid-send frees its deliveries after this.
export const CLAIM_MS = 6 * REQUEST_TIMEOUT_MS;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 3_600_000;

/** 30 s after the first failed attempt, then twice as long each time, at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(attempts - 1, 0), MAX_RETRY_MS);
}

const unlocked = (now: Date) => ({ OR: [{ lockedUntil: null }, { lockedUntil: { lte: now } }] });

/** Takes the delivery for one attempt: a conditional update, so two passes never both get it. */
export async function claimDelivery(id: string, now: Date, where: { due: boolean }) {
  const lockedUntil = new Date(now.getTime() + CLAIM_MS);
  const claimed = await writeTx((tx) =>
    tx.outboundDelivery.updateMany({
      where: { id, ...unlocked(now), ...(where.due ? { status: "pending", nextAttemptAt: { lte: now } } : {}) },
      data: { lockedUntil, attempts: { increment: 1 }, lastAttemptAt: now },
    }),
  );
  return claimed.count === 1 ? lockedUntil : null;
}

const targetEnabled = { OR: [{ endpoint: { enabled: true } }, { connection: { enabled: true } }] };

/** Claims up to `limit` due deliveries of enabled endpoints and connections, oldest first. */
export async function claimDueDeliveries(now: Date, limit: number) {
  return writeTx(async (tx) => {
    const due = await tx.outboundDelivery.findMany({
      where: { status: "pending", nextAttemptAt: { lte: now }, AND: [unlocked(now), targetEnabled] },
      orderBy: { nextAttemptAt: "asc" },
      take: limit,
      select: { id: true },
    });
    const lockedUntil = new Date(now.getTime() + CLAIM_MS);
    // The transaction holds the write lock from its start: what it read is still due here.
    await tx.outboundDelivery.updateMany({
      where: { id: { in: due.map((d) => d.id) } },
      data: { lockedUntil, attempts: { increment: 1 }, lastAttemptAt: now },
    });
    return due.map((d) => ({ id: d.id, lockedUntil }));
  });
}

/**
 * Sends a claimed delivery and records the outcome, only while the claim is still this pass's.
 * A failure is retried after the backoff or the receiver's Retry-After, and marked failed when
 * the next attempt would fall after the delivery's window; `keepSettled` leaves a delivered or failed one as it was.
 */
export async function attemptDelivery(opts: { id: string; lockedUntil: Date; now: Date; timeoutMs?: number; keepSettled?: boolean }) {
  const { id, lockedUntil, now } = opts;
  const delivery = await db.outboundDelivery.findUnique({
    where: { id },
    include: { event: true, endpoint: { omit: { secretEncrypted: false } }, connection: { omit: { configEncrypted: false } } },
    omit: { noteSealed: false },
  });
  if (!delivery) return null;
  let result: TSendResult;
  if (delivery.endpoint) {
    result = await sendEvent({
      url: delivery.endpoint.url,
      key: openEndpointKey(delivery.endpoint.id, delivery.endpoint.secretEncrypted),
      id: delivery.eventId,
      body: delivery.event.payload,
      at: now,
      timeoutMs: opts.timeoutMs,
    });
  } else if (delivery.connection) {
    result = await sendHelpdeskNote({ delivery: { ...delivery, connection: delivery.connection }, timeoutMs: opts.timeoutMs });
  } else {
    return null;
  }
  let status: OutboundDeliveryStatus = "delivered";
  let nextAttemptAt = delivery.nextAttemptAt;
  if (!result.ok) {
    nextAttemptAt = new Date(now.getTime() + (result.retryAfterMs ?? retryDelayMs(delivery.attempts)));
    const settled = opts.keepSettled && delivery.status !== "pending";
    status = settled ? delivery.status : result.final || nextAttemptAt > delivery.giveUpAt ? "failed" : "pending";
  }
  // A note that holds a one-time link is kept only while it may still be sent.
  const erase = delivery.noteErase && status !== "pending" ? { noteSealed: null } : {};
  await writeTx((tx) =>
    tx.outboundDelivery.updateMany({
      where: { id, lockedUntil },
      data: {
        status,
        nextAttemptAt,
        lockedUntil: null,
        lastStatus: result.status,
        lastError: result.error,
        ...erase,
        ...(result.ok ? { deliveredAt: now } : {}),
      },
    }),
  );
  return { state: status, httpStatus: result.status, error: result.error };
}
