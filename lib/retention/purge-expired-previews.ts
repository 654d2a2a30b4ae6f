import "server-only";
import type { TActor } from "../audit/append-audit";
import { db, LONG_TX, writeTx } from "../db";
import { purgeRecordings } from "../recordings/purge-recordings";

/** A preview is for the admin to look at now; nobody needs it an hour later. */
export const PREVIEW_RETENTION_MS = 60 * 60_000;

const SWEEPER: TActor = { type: "system", label: "retention sweeper" };

/** Only recordings of preview tickets match; each purge is its own short transaction, as for the retention cap. */
export async function purgeExpiredPreviews(now: Date = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - PREVIEW_RETENTION_MS);
  const due = await db.recording.findMany({
    where: { status: { not: "purged" }, startedAt: { lte: cutoff }, ticket: { preview: true } },
    select: { id: true },
  });
  let purged = 0;
  for (const { id } of due) {
    const r = await writeTx((tx) => purgeRecordings({ tx, ids: [id], reason: "preview_expired", actor: SWEEPER, now }), LONG_TX);
    purged += r.purgedRecordings;
  }
  return purged;
}
