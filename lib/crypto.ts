import "server-only";
import { createCipheriv, createDecipheriv, createHash, randomBytes, randomFillSync, timingSafeEqual } from "node:crypto";
import { customAlphabet } from "nanoid";

const TOKEN_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const nanoid43 = customAlphabet(TOKEN_ALPHABET, 43); // ~256 bits

/** A fresh random secret: link tokens, grants, upload tokens and API keys. */
export function newToken(prefix = ""): string {
  return prefix + nanoid43();
}

export function sha256Hex(input: string | Uint8Array): string {
  return createHash("sha256").update(input).digest("hex");
}

/** Constant-time comparison of two strings of any length. */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  if (ab.length !== bb.length) {
    timingSafeEqual(ab, ab);
    return false;
  }
  return timingSafeEqual(ab, bb);
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

// IVs are taken from a pool of random bytes, refilled when spent: an upload seals several values, and a call into the
// CSPRNG for each 12 bytes cost more than the encryption of a small value. No byte is handed out twice.
const IV_POOL_BYTES = IV_BYTES * 512;
const ivPool = Buffer.alloc(IV_POOL_BYTES);
let ivOffset = IV_POOL_BYTES;

function nextIv(): Buffer {
  if (ivOffset + IV_BYTES > IV_POOL_BYTES) {
    randomFillSync(ivPool);
    ivOffset = 0;
  }
  const iv = ivPool.subarray(ivOffset, ivOffset + IV_BYTES);
  ivOffset += IV_BYTES;
  return iv;
}

/** AES-256-GCM with a random 96-bit IV. Output is iv ‖ ciphertext ‖ tag; `aad` binds the ciphertext to its context. */
export function encrypt(key: Uint8Array, plaintext: Uint8Array, aad?: string): Buffer<ArrayBuffer> {
  const iv = nextIv();
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  if (aad) cipher.setAAD(Buffer.from(aad));
  // Copied into the output before this returns, so the pool's bytes are not referenced after.
  return Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

export function decrypt(key: Uint8Array, sealed: Uint8Array, aad?: string): Buffer {
  const buf = Buffer.from(sealed);
  const iv = buf.subarray(0, IV_BYTES);
  const tag = buf.subarray(buf.length - TAG_BYTES);
  const body = buf.subarray(IV_BYTES, buf.length - TAG_BYTES);
  const decipher = createDecipheriv("aes-256-gcm", key, iv);
  if (aad) decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]);
}

export function newDataKey(): Buffer {
  return randomBytes(32);
}
