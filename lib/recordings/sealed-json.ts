import "server-only";
import { decrypt, encrypt } from "../crypto";

/**
 * Small JSON values derived from a recording's content (visited pages, timeline markers) are
 * stored in text columns sealed with the recording's own key, like its chunks, so no plaintext of
 * a recording reaches the disk and purging the key shreds them too.
 *
 * Format: "v1:" + base64(iv ‖ ciphertext ‖ tag), with AAD `${field}:${recordingId}` so a value
 * cannot be moved to another column or recording. The empty value "[]" (the column default, and
 * what a purge writes) holds nothing and is read as is.
 */
export type TSealedField = "pages" | "markers";

const PREFIX = "v1:";

function aad(recordingId: string, field: TSealedField) {
  return `${field}:${recordingId}`;
}

export function sealJson(key: Uint8Array, recordingId: string, field: TSealedField, value: unknown): string {
  const plaintext = Buffer.from(JSON.stringify(value));
  return PREFIX + encrypt(key, plaintext, aad(recordingId, field)).toString("base64");
}

/** True when `text` is a sealed value (as opposed to an empty or legacy plaintext one). */
export function isSealed(text: string | null | undefined): boolean {
  return typeof text === "string" && text.startsWith(PREFIX);
}

/**
 * Opens a value written by `sealJson`. Empty and legacy plaintext JSON values are parsed as is;
 * anything unreadable (no key, wrong key, tampered, malformed) gives `fallback`.
 */
export function openJson<T>(
  key: Uint8Array | null,
  recordingId: string,
  field: TSealedField,
  text: string | null | undefined,
  fallback: T,
): T {
  if (!text) return fallback;
  try {
    if (isSealed(text)) {
      if (!key) return fallback;
      const plaintext = decrypt(key, Buffer.from(text.slice(PREFIX.length), "base64"), aad(recordingId, field));
      return JSON.parse(plaintext.toString("utf8")) as T;
    }
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
