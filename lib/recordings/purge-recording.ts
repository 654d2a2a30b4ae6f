import type { TActor } from "../audit/append-audit";
import { appendAudit } from "../audit/append-audit";
import { afterPurge, type Tx } from "../db";

export type TPurgeReason = "ticket_resolved" | "ticket_deleted" | "withdrawn" | "retention" | "manual";

/**
 * Crypto-shredding: deletes every chunk and the wrapped key in one transaction, and writes a
 * deletion receipt. The receipt holds counts and sizes only. Returns null if there was nothing
 * left to purge, so a second purge is a no-op rather than an error.
 */
export async function purgeRecording(
  tx: Tx,
  recordingId: string,
  reason: TPurgeReason,
  actor: TActor,
  now = new Date(),
) {
  const recording = await tx.recording.findUnique({
    where: { id: recordingId },
    include: { ticket: { select: { id: true, source: true, externalId: true } } },
  });
  if (!recording || recording.status === "purged") return null;

  const sizes = await tx.chunk.aggregate({
    where: { recordingId },
    _count: { _all: true },
    _sum: { rawBytes: true },
  });
  const chunks = sizes._count._all;
  const bytes = recording.storedBytes;
  await tx.chunk.deleteMany({ where: { recordingId } });
  await tx.recording.update({
    where: { id: recordingId },
    data: {
      status: "purged",
      wrappedKey: null,
      uploadTokenHash: null,
      uploadTokenExpiresAt: null,
      markers: "[]",
      pages: "[]",
      purgedAt: now,
      purgeReason: reason,
    },
  });
  await appendAudit(tx, {
    actor,
    action: "recording.purged",
    ticketId: recording.ticketId,
    ticketRef: `${recording.ticket.source}:${recording.ticket.externalId}`,
    linkId: recording.linkId,
    recordingId,
    details: { reason, chunks, bytes, rawBytes: sizes._sum.rawBytes ?? 0, purgedAt: now.toISOString() },
    at: now,
  });
  afterPurge();
  return { recordingId, chunks, bytes };
}
