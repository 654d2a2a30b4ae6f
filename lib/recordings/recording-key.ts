import { decrypt, encrypt, newDataKey } from "../crypto";
import { getMasterKey } from "../env";

/** A new per-recording key, and its wrapped form for the `wrappedKey` column. */
export function createRecordingKey(recordingId: string) {
  const key = newDataKey();
  return { key, wrappedKey: encrypt(getMasterKey(), key, `key:${recordingId}`) };
}

export function unwrapRecordingKey(recordingId: string, wrappedKey: Uint8Array): Buffer {
  return decrypt(getMasterKey(), wrappedKey, `key:${recordingId}`);
}

/** Chunks are bound to their recording and position, so they cannot be swapped or replayed. */
export function chunkAad(recordingId: string, seq: number) {
  return `chunk:${recordingId}:${seq}`;
}
