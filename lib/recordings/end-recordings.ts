import "server-only";
import type { Prisma } from "../db/models";
import { appendAudit, type TActor } from "../audit/append-audit";
import type { Tx } from "../db";
import { enqueueEvent } from "../outbound/enqueue-event";
import { ticketRef } from "../tickets/ticket-ref";

export type TEndReason = "customer" | "max_duration" | "idle" | "upload_expired" | "link_revoked" | "ticket_resolved";

/** The one place a live recording ends, whoever ends it: one `recording.finished` each, with the reason (docs/lifecycle.md). */
export async function endRecordings(opts: {
  tx: Tx;
  where: Prisma.RecordingWhereInput;
  reason: TEndReason;
  actor: TActor;
  now: Date;
  // Kept, the token only acknowledges retries of batches already stored, until it expires.
  revokeUploadToken: boolean;
  details?: Record<string, unknown>;
}) {
  const { tx, where, reason, actor, now, revokeUploadToken, details } = opts;
  const recordings = await tx.recording.findMany({
    where: { AND: [where, { status: "live" }] },
    include: { ticket: { select: { source: true, externalId: true } } },
  });
  for (const r of recordings) {
    // Nothing could arrive after the upload token expired.
    const finishedAt = reason === "upload_expired" ? (r.uploadTokenExpiresAt ?? now) : now;
    await tx.recording.update({
      where: { id: r.id },
      data: { status: "finished", finishedAt, ...(revokeUploadToken ? { uploadTokenHash: null, uploadTokenExpiresAt: null } : {}) },
    });
    await tx.link.updateMany({ where: { id: r.linkId, status: "recording" }, data: { status: "finished", endedAt: now } });
    await appendAudit(tx, {
      actor,
      action: "recording.finished",
      ticketId: r.ticketId,
      ticketRef: ticketRef(r.ticket),
      linkId: r.linkId,
      recordingId: r.id,
      details: { reason, ...details, chunks: r.chunkCount, events: r.eventCount, storedBytes: r.storedBytes },
      at: now,
    });
    await enqueueEvent(tx, { type: "recording.finished", recordingId: r.id, reason, at: now });
  }
  return recordings.length;
}
