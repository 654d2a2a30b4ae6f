import "server-only";
import { writeTx } from "../db";
import { attemptDelivery, claimDueDeliveries } from "./attempt-delivery";

const BATCH = 20;
const KEEP_EVENTS_MS = 30 * 86_400_000;
const PRUNE_EVERY_MS = 3_600_000;

export type TDispatchSummary = { attempted: number; delivered: number; retrying: number; failed: number };

let lastPrune = 0;

/**
 * One pass over the outbox: every due delivery of an enabled endpoint gets one attempt. All its
 * state is in the database, so a pass in another process, or after a restart, picks up where
 * this one stopped; a delivery claimed by a pass that died is free again once its claim lapses.
 */
export async function dispatchDeliveries({ now = new Date(), limit = 100, timeoutMs }: { now?: Date; limit?: number; timeoutMs?: number } = {}): Promise<TDispatchSummary> {
  const summary: TDispatchSummary = { attempted: 0, delivered: 0, retrying: 0, failed: 0 };
  // A disabled endpoint's deliveries wait for it to be enabled again, within their window.
  const lapsed = await writeTx((tx) =>
    tx.outboundDelivery.updateMany({
      where: { status: "pending", giveUpAt: { lt: now }, endpoint: { enabled: false } },
      data: { status: "failed", lastError: "the endpoint was disabled" },
    }),
  );
  summary.failed += lapsed.count;
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
