import "server-only";
import { decrypt, encrypt } from "../crypto";

export type TSealedField = "pages" | "markers" | "ingestState" | "ingestIndex" | "derived";
/** `seq` pins a chunk's own value (`derived`) to that chunk. */
type TSealedAt = { key: Uint8Array; recordingId: string; field: TSealedField; seq?: number };

const PREFIX = "v1:";

function aad(recordingId: string, field: TSealedField, seq?: number) {
  return seq === undefined ? `${field}:${recordingId}` : `${field}:${recordingId}:${seq}`;
}

/** Sealed with the recording's own key, so no plaintext reaches the disk and a purge shreds it; the AAD pins a value to its column and recording. */
export function sealJson({ key, recordingId, field, seq, value }: TSealedAt & { value: unknown }): string {
  const plaintext = Buffer.from(JSON.stringify(value));
  return PREFIX + encrypt(key, plaintext, aad(recordingId, field, seq)).toString("base64");
}

export function isSealed(text: string | null | undefined): boolean {
  return typeof text === "string" && text.startsWith(PREFIX);
}

/** Empty and legacy plaintext values are parsed as is; anything unreadable (no key, wrong key, tampered) gives `fallback`. */
export function openJson<T>({ key, recordingId, field, seq, text, fallback }: Omit<TSealedAt, "key"> & { key: Uint8Array | null; text: string | null | undefined; fallback: T }): T {
  if (!text) return fallback;
  try {
    if (isSealed(text)) {
      if (!key) return fallback;
      const plaintext = decrypt(key, Buffer.from(text.slice(PREFIX.length), "base64"), aad(recordingId, field, seq));
      return JSON.parse(plaintext.toString("utf8")) as T;
    }
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
