import "server-only";
import { writeTx } from "../db";
import { attemptDelivery, claimDueDeliveries } from "./attempt-delivery";

const BATCH = 20;
const KEEP_EVENTS_MS = 30 * 86_400_000;
const PRUNE_EVERY_MS = 3_600_000;

export type TDispatchSummary = { attempted: number; delivered: number; retrying: number; failed: number };

let lastPrune = 0;

/**
 * One pass over the outbox: every due delivery of an enabled endpoint or helpdesk connection gets one attempt. All its
 * state is in the database, so a pass in another process, or after a restart, picks up where
 * this one stopped; a delivery claimed by a pass that died is free again once its claim lapses.
 */
export async function dispatchDeliveries({ now = new Date(), limit = 100, timeoutMs }: { now?: Date; limit?: number; timeoutMs?: number } = {}): Promise<TDispatchSummary> {
  const summary: TDispatchSummary = { attempted: 0, delivered: 0, retrying: 0, failed: 0 };
  // A disabled endpoint's deliveries wait for it to be enabled again, within their window.
  const lapsed = await writeTx(async (tx) => {
    const where = { status: "pending" as const, giveUpAt: { lt: now } };
    const endpoints = await tx.outboundDelivery.updateMany({ where: { ...where, endpoint: { enabled: false } }, data: { status: "failed", lastError: "the endpoint was disabled" } });
    await tx.outboundDelivery.updateMany({ where: { ...where, noteErase: true, connection: { enabled: false } }, data: { noteSealed: null } });
    const notes = await tx.outboundDelivery.updateMany({ where: { ...where, connection: { enabled: false } }, data: { status: "failed", lastError: "the helpdesk connection was disabled" } });
    return endpoints.count + notes.count;
  });
  summary.failed += lapsed;
  while (summary.attempted < limit) {
    const claimed = await claimDueDeliveries(now, Math.min(BATCH, limit - summary.attempted));
    if (claimed.length === 0) break;
    const results = await Promise.all(claimed.map((c) => attemptDelivery({ ...c, now, timeoutMs })));
    for (const r of results) {
      summary.attempted += 1;
      if (r?.state === "delivered") summary.delivered += 1;
      else if (r?.state === "failed") summary.failed += 1;
      else if (r) summary.retrying += 1;
    }
  }
  if (now.getTime() - lastPrune > PRUNE_EVERY_MS) {
    lastPrune = now.getTime();
    const before = new Date(now.getTime() - KEEP_EVENTS_MS);
    await writeTx((tx) => tx.outboundEvent.deleteMany({ where: { createdAt: { lt: before }, deliveries: { none: { status: "pending" } } } }));
  }
  return summary;
}
