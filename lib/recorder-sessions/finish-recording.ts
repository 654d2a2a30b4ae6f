import "server-only";
import { writeTx } from "../db";
import { endRecordings } from "../recordings/end-recordings";

export type TFinishReason = "customer" | "max_duration";

/** The upload token stays valid until it expires, but only to acknowledge retries of batches already stored: new batches get 409. */
export async function finishRecording({ recordingId, reason, now = new Date() }: { recordingId: string; reason: TFinishReason; now?: Date }) {
  return writeTx(async (tx) => {
    const recording = await tx.recording.findUnique({ where: { id: recordingId }, select: { status: true } });
    if (!recording || recording.status !== "live") return { status: recording?.status ?? "purged", changed: false };
    const actor = reason === "customer" ? { type: "customer" as const, label: "customer" } : { type: "system" as const, label: "maximum length" };
    await endRecordings({ tx, where: { id: recordingId }, reason, actor, now, revokeUploadToken: false });
    return { status: "finished" as const, changed: true };
  });
}
