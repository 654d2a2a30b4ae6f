import "server-only";
import { decrypt, encrypt, newDataKey } from "../crypto";
import { getMasterKey, masterKeySource } from "../env";
import { AppError } from "../errors";

/** A new per-recording key, and its wrapped form for the `wrappedKey` column. */
export function createRecordingKey(recordingId: string) {
  const key = newDataKey();
  return { key, wrappedKey: encrypt(getMasterKey(), key, `key:${recordingId}`) };
}

/** The recording's own key. A master key that does not open it is a clear error, never a bare crypto failure. */
export function unwrapRecordingKey(recordingId: string, wrappedKey: Uint8Array): Buffer {
  try {
    return decrypt(getMasterKey(), wrappedKey, `key:${recordingId}`);
  } catch {
    console.error(`[glimpse] the master key (${masterKeySource()}) does not open the key of recording ${recordingId}`);
    throw new AppError("key_unavailable", "The server's master key does not open this recording (it was changed or lost). Nothing was read or stored.");
  }
}

/** Chunks are bound to their recording and position, so they cannot be swapped or replayed. */
export function chunkAad(recordingId: string, seq: number) {
  return `chunk:${recordingId}:${seq}`;
}
