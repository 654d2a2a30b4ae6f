import { appendAudit } from "../audit/append-audit";
import { writeTx } from "../db";
import { ticketRef } from "../tickets/ticket-ref";

export type TFinishReason = "customer" | "max_duration";

/**
 * Ends a live recording and keeps it for the ticket. The upload token stays valid until it
 * expires, but only to acknowledge retries of batches already stored: new batches get 409.
 * Finishing twice is a no-op.
 */
export async function finishRecording(recordingId: string, reason: TFinishReason, now = new Date()) {
  return writeTx(async (tx) => {
    const recording = await tx.recording.findUnique({ where: { id: recordingId }, include: { ticket: true } });
    if (!recording || recording.status !== "live") return { status: recording?.status ?? "purged", changed: false };
    await tx.recording.update({ where: { id: recordingId }, data: { status: "finished", finishedAt: now } });
    await tx.link.updateMany({ where: { id: recording.linkId, status: "recording" }, data: { status: "finished", endedAt: now } });
    await appendAudit(tx, {
      actor: reason === "customer" ? { type: "customer", label: "customer" } : { type: "system", label: "maximum length" },
      action: "recording.finished",
      ticketId: recording.ticketId,
      ticketRef: ticketRef(recording.ticket),
      linkId: recording.linkId,
      recordingId,
      details: { reason, chunks: recording.chunkCount, events: recording.eventCount, storedBytes: recording.storedBytes },
      at: now,
    });
    return { status: "finished", changed: true };
  });
}
