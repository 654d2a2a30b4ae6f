import "server-only";
import { createHmac, randomBytes } from "node:crypto";
import { z } from "zod";
import { TICKET_EVENT_NAMES, lookupName, parseEventTime, payloadParser } from "./payload";
import { headerValue, safeEqual, withinTolerance } from "./signature";
import type { TWebhookProvider } from "./types";

const ZGeneric = z.object({
  type: z.string(),
  timestamp: z.string().optional(),
  data: z.object({
    ticketId: z.string().trim().min(1).max(200),
    source: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .regex(/^[a-z0-9_-]+$/, "use lowercase letters, digits, - and _")
      .default("generic"),
    subject: z.string().max(300).nullish(),
    status: z.string().max(100).nullish(),
    occurredAt: z.string().optional(),
    locale: z.string().max(35).nullish(),
  }),
});
const parseGenericBody = payloadParser(ZGeneric, "generic");

const WHSEC = /^whsec_[A-Za-z0-9+/]+={0,2}$/;

/** Standard Webhooks (Svix): `v1,` + base64 HMAC-SHA256 of `id.timestamp.body`, keyed by the bytes after `whsec_`. */
export const generic: TWebhookProvider = {
  id: "generic",
  label: "Generic (Standard Webhooks)",
  signature: "webhook-id, webhook-timestamp and webhook-signature (v1, HMAC-SHA256), within 5 minutes",
  setup:
    'Send {"type":"ticket.resolved","data":{"ticketId":"…","source":"…"}} signed the Standard Webhooks way with a whsec_ secret. source defaults to "generic". ticket.recording_requested (data.locale optional) creates a link and posts its message to the connected helpdesk named by source.',
  secret: {
    offerGenerate: true,
    generate: () => `whsec_${randomBytes(32).toString("base64")}`,
    check(secret) {
      const bytes = WHSEC.test(secret) ? Buffer.from(secret.slice(6), "base64").length : 0;
      return bytes < 24 || bytes > 64 ? "secret: must be whsec_ followed by 24 to 64 base64-encoded bytes" : null;
    },
  },
  verify({ headers, raw, secret, now }) {
    const id = headerValue(headers, "webhook-id") || headerValue(headers, "svix-id");
    const timestamp = headerValue(headers, "webhook-timestamp") || headerValue(headers, "svix-timestamp");
    const signatures = headerValue(headers, "webhook-signature") || headerValue(headers, "svix-signature");
    if (!id || !timestamp || !signatures) return "missing webhook-id, webhook-timestamp or webhook-signature";
    if (!/^\d{1,12}$/.test(timestamp) || !withinTolerance(Number(timestamp) * 1000, now)) return "the webhook-timestamp is outside the 5-minute window";
    const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
    const expected = createHmac("sha256", key).update(`${id}.${timestamp}.`).update(raw).digest("base64");
    let ok = false;
    for (const entry of signatures.split(" ")) {
      const [version, value] = entry.split(",", 2);
      // Every entry is compared, so the time taken does not reveal which one matched.
      if (version === "v1" && value && safeEqual(value, expected)) ok = true;
    }
    return ok ? null : "no v1 signature matches";
  },
  parse({ headers, body }) {
    const type = (body as { type?: unknown }).type;
    const deliveryId = headers.get("webhook-id") ?? headers.get("svix-id");
    const kind = lookupName(TICKET_EVENT_NAMES, typeof type === "string" ? type : null);
    if (typeof type !== "string" || !kind) return { eventType: typeof type === "string" ? type : "unknown", deliveryId, event: null };
    const p = parseGenericBody(body);
    return {
      eventType: type,
      deliveryId,
      event: {
        kind,
        source: p.data.source,
        externalId: p.data.ticketId,
        subject: p.data.subject ?? null,
        occurredAt: parseEventTime(p.data.occurredAt ?? p.timestamp),
        status: p.data.status ?? null,
        locale: p.data.locale ?? null,
      },
    };
  },
};
