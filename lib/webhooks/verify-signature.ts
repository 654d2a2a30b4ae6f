import { createHmac } from "node:crypto";
import { safeEqual } from "../crypto";
import type { TWebhookProvider } from "./providers";

/** Senders that sign a timestamp are refused when it is further than this from our clock. */
export const TIMESTAMP_TOLERANCE_MS = 5 * 60_000;

function hmac(algorithm: "sha1" | "sha256", key: string | Buffer, ...parts: (string | Buffer)[]) {
  const h = createHmac(algorithm, key);
  for (const part of parts) h.update(part);
  return h.digest();
}

function withinTolerance(at: number, now: Date) {
  return Number.isFinite(at) && Math.abs(now.getTime() - at) <= TIMESTAMP_TOLERANCE_MS;
}

/**
 * Checks a delivery against the provider's signature scheme, on the raw bytes and in constant
 * time. Returns the reason it failed, or null when it is authentic.
 */
export function verifySignature(
  provider: TWebhookProvider,
  headers: Headers,
  raw: Buffer,
  secret: string,
  now: Date,
): string | null {
  const header = (name: string) => headers.get(name)?.trim() ?? "";
  switch (provider) {
    case "zendesk": {
      const signature = header("x-zendesk-webhook-signature");
      const timestamp = header("x-zendesk-webhook-signature-timestamp");
      if (!signature || !timestamp) return "missing X-Zendesk-Webhook-Signature or -Timestamp";
      if (!withinTolerance(Date.parse(timestamp), now)) return "the signature timestamp is outside the 5-minute window";
      const expected = hmac("sha256", secret, timestamp, raw).toString("base64");
      return safeEqual(signature, expected) ? null : "signature mismatch";
    }
    case "intercom":
    case "jira":
    case "github": {
      const name = provider === "github" ? "x-hub-signature-256" : "x-hub-signature";
      const algorithm = provider === "intercom" ? "sha1" : "sha256";
      const signature = header(name).toLowerCase();
      if (!signature) return `missing ${name}`;
      const expected = `${algorithm}=${hmac(algorithm, secret, raw).toString("hex")}`;
      return safeEqual(signature, expected) ? null : "signature mismatch";
    }
    case "helpscout": {
      const signature = header("x-helpscout-signature");
      if (!signature) return "missing X-HelpScout-Signature";
      return safeEqual(signature, hmac("sha1", secret, raw).toString("base64")) ? null : "signature mismatch";
    }
    case "freshdesk": {
      const token = header("x-glimpse-token");
      if (!token) return "missing X-Glimpse-Token";
      return safeEqual(token, secret) ? null : "token mismatch";
    }
    case "generic":
      return verifyStandardWebhook(header, raw, secret, now);
  }
}

/** Standard Webhooks (Svix): `v1,` + base64 HMAC-SHA256 of `id.timestamp.body`, key from `whsec_…`. */
function verifyStandardWebhook(header: (name: string) => string, raw: Buffer, secret: string, now: Date) {
  const id = header("webhook-id") || header("svix-id");
  const timestamp = header("webhook-timestamp") || header("svix-timestamp");
  const signatures = header("webhook-signature") || header("svix-signature");
  if (!id || !timestamp || !signatures) return "missing webhook-id, webhook-timestamp or webhook-signature";
  if (!/^\d{1,12}$/.test(timestamp) || !withinTolerance(Number(timestamp) * 1000, now)) {
    return "the webhook-timestamp is outside the 5-minute window";
  }
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = hmac("sha256", key, `${id}.${timestamp}.`, raw).toString("base64");
  let ok = false;
  for (const entry of signatures.split(" ")) {
    const [version, value] = entry.split(",", 2);
    // Every entry is compared, so the time taken does not reveal which one matched.
    if (version === "v1" && value && safeEqual(value, expected)) ok = true;
  }
  return ok ? null : "no v1 signature matches";
}
