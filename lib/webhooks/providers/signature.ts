import "server-only";
import { createHmac } from "node:crypto";
import { safeEqual } from "../../crypto";

export { safeEqual };

/** Senders that sign a timestamp are refused when it is further than this from our clock. */
export const TIMESTAMP_TOLERANCE_MS = 5 * 60_000;

export function withinTolerance(at: number, now: Date) {
  return Number.isFinite(at) && Math.abs(now.getTime() - at) <= TIMESTAMP_TOLERANCE_MS;
}

export function headerValue(headers: Headers, name: string) {
  return headers.get(name)?.trim() ?? "";
}

/** `X-Hub-Signature` style: `<algorithm>=` + hex HMAC of the raw body, compared in constant time. */
export function verifyHubSignature(opts: { headers: Headers; raw: Buffer; secret: string; header: string; algorithm: "sha1" | "sha256" }) {
  const signature = headerValue(opts.headers, opts.header).toLowerCase();
  if (!signature) return `missing ${opts.header}`;
  const expected = `${opts.algorithm}=${createHmac(opts.algorithm, opts.secret).update(opts.raw).digest("hex")}`;
  return safeEqual(signature, expected) ? null : "signature mismatch";
}
