import "server-only";
import type { TActor } from "../audit/append-audit";
import { appendAudit } from "../audit/append-audit";
import { deleteGrants } from "../consent/delete-grants";
import { db, LONG_TX, writeTx } from "../db";
import { endLinks } from "../links/end-links";
import { NOT_STARTED_LINK_STATUSES } from "../links/link-states";
import { endRecordings } from "../recordings/end-recordings";
import { purgeRecordings } from "../recordings/purge-recordings";
import { getSettings } from "../settings/get-settings";
import { purgeExpiredPreviews } from "./purge-expired-previews";

export type TSweepSummary = {
  recordingsPurged: number;
  ticketsPurged: number;
  linksExpired: number;
  grantsDeleted: number;
  recordingsEnded: number;
  uploadTokensCleared: number;
  deliveriesPruned: number;
};

const SWEEPER: TActor = { type: "system", label: "retention sweeper" };
const DELIVERY_LOG_DAYS = 30;

/** Its tab closed without a pagehide, crashed or lost its network: a tab that comes back is told it ended. */
export const IDLE_END_MS = 5 * 60_000;

/** Each purge is its own short transaction and skips what is already purged, so two sweeps running at once do the work once. */
export async function runSweeper(now: Date = new Date()): Promise<TSweepSummary> {
  const { retentionHours } = await getSettings();
  const cutoff = new Date(now.getTime() - retentionHours * 3_600_000);
  const summary: TSweepSummary = {
    recordingsPurged: 0,
    ticketsPurged: 0,
    linksExpired: 0,
    grantsDeleted: 0,
    recordingsEnded: 0,
    uploadTokensCleared: 0,
    deliveriesPruned: 0,
  };

  const old = await db.recording.findMany({ where: { status: { not: "purged" }, startedAt: { lt: cutoff } }, select: { id: true } });
  for (const { id } of old) {
    const r = await writeTx((tx) => purgeRecordings({ tx, ids: [id], reason: "retention", actor: SWEEPER, now }), LONG_TX);
    summary.recordingsPurged += r.purgedRecordings;
  }
  summary.recordingsPurged += await purgeExpiredPreviews(now);

  const due = await db.ticket.findMany({ where: { purgeDueAt: { lte: now } }, select: { id: true } });
  for (const { id } of due) {
    // Counted once committed: a transaction tried again must not count twice.
    const purged = await writeTx(async (tx) => {
      const ticket = await tx.ticket.findUnique({ where: { id } });
      // Reopened, or purged by another sweep, since the list was read.
      if (!ticket?.purgeDueAt || ticket.purgeDueAt > now || ticket.status !== "resolved") return null;
      const recordings = await tx.recording.findMany({ where: { ticketId: id, status: { not: "purged" } }, select: { id: true } });
      const r = await purgeRecordings({ tx, ids: recordings.map((x) => x.id), reason: "ticket_resolved", actor: SWEEPER, now });
      await tx.ticket.update({ where: { id }, data: { purgeDueAt: null } });
      return r.purgedRecordings;
    }, LONG_TX);
    if (purged !== null) {
      summary.ticketsPurged += 1;
      summary.recordingsPurged += purged;
    }
  }

  // Each step is its own short transaction (each is idempotent): one long one touching every
  // table would keep losing to the customers' transactions on PostgreSQL (SERIALIZABLE).
  // Links the customer never started recording with lapse; their grants go with them.
  summary.linksExpired = await writeTx(async (tx) => {
    const lapsed = await endLinks({
      tx,
      where: { status: { in: NOT_STARTED_LINK_STATUSES }, expiresAt: { lte: now } },
      status: "expired",
      grants: "all",
      now,
    });
    return lapsed.length;
  });
  summary.grantsDeleted = await writeTx((tx) => deleteGrants({ tx, which: "dead", now }));

  const idleSince = new Date(now.getTime() - IDLE_END_MS);
  summary.recordingsEnded += await writeTx(async (tx) => {
    const quiet = await tx.recording.findMany({ where: { status: "live", startedAt: { lte: idleSince } }, select: { id: true } });
    const idle = [];
    for (const r of quiet) {
      const last = await tx.chunk.findFirst({ where: { recordingId: r.id }, orderBy: { seq: "desc" }, select: { createdAt: true } });
      if (!last || last.createdAt <= idleSince) idle.push(r.id);
    }
    return endRecordings({
      tx,
      where: { id: { in: idle } },
      reason: "idle",
      details: { idleMinutes: IDLE_END_MS / 60_000 },
      actor: SWEEPER,
      now,
      revokeUploadToken: false,
    });
  });
  summary.recordingsEnded += await writeTx((tx) =>
    endRecordings({ tx, where: { uploadTokenExpiresAt: { lte: now } }, reason: "upload_expired", actor: SWEEPER, now, revokeUploadToken: false }),
  );

  summary.uploadTokensCleared = (
    await db.recording.updateMany({
      where: { uploadTokenHash: { not: null }, status: { in: ["finished", "purged"] } },
      data: { uploadTokenHash: null, uploadTokenExpiresAt: null },
    })
  ).count;
  await writeTx(async (tx) => {
    const pruned = await tx.webhookDelivery.deleteMany({
      where: { receivedAt: { lt: new Date(now.getTime() - DELIVERY_LOG_DAYS * 86_400_000) } },
    });
    summary.deliveriesPruned = pruned.count;
    await tx.webhookRefusal.deleteMany({ where: { hour: { lt: new Date(now.getTime() - DELIVERY_LOG_DAYS * 86_400_000) } } });
    await tx.throttle.deleteMany({ where: { windowEndsAt: { lt: now } } });

    const { recordingsPurged, ticketsPurged, ...rest } = summary;
    if (Object.values(rest).some((n) => n > 0)) {
      await appendAudit(tx, { actor: SWEEPER, action: "retention.swept", details: { ...rest, retentionHours }, at: now });
    }
  }, LONG_TX);
  return summary;
}
