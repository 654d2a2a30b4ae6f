import type { TActor } from "../audit/append-audit";
import type { Tx } from "../db";
import { purgeRecording, type TPurgeReason } from "../recordings/purge-recording";

/**
 * Purges the given recordings (already-purged ones are skipped, so this is idempotent) and ends
 * the link of any that was still recording.
 */
export async function purgeRecordings(tx: Tx, recordingIds: string[], reason: TPurgeReason, actor: TActor, now = new Date()) {
  let purgedRecordings = 0;
  let purgedBytes = 0;
  const linkIds: string[] = [];
  for (const id of recordingIds) {
    const receipt = await purgeRecording(tx, id, reason, actor, now);
    if (!receipt) continue;
    purgedRecordings += 1;
    purgedBytes += receipt.bytes;
    const recording = await tx.recording.findUnique({ where: { id }, select: { linkId: true } });
    if (recording) linkIds.push(recording.linkId);
  }
  if (linkIds.length > 0) {
    await tx.link.updateMany({ where: { id: { in: linkIds }, status: "recording" }, data: { status: "finished", endedAt: now } });
  }
  return { purgedRecordings, purgedBytes };
}
