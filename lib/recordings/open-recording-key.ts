import "server-only";
import { db } from "../db";
import { AppError } from "../errors";
import { unwrapRecordingKey } from "./recording-key";

/** Opened before the first byte, so a master key that does not open it is an error status rather than a body cut off mid-stream. */
export async function openRecordingKey(recordingId: string): Promise<Buffer> {
  const recording = await db.recording.findUnique({ where: { id: recordingId }, select: { status: true, wrappedKey: true } });
  if (!recording || recording.status === "purged" || !recording.wrappedKey) {
    throw new AppError("not_found", "No such recording.");
  }
  return unwrapRecordingKey(recordingId, recording.wrappedKey);
}
