import "server-only";
import { createHmac } from "node:crypto";
import { z } from "zod";
import { AppError } from "../../errors";
import type { TTicketEventKind } from "../../tickets/apply-ticket-event";
import { RECORD_TAG, ZExternalId, parseEventTime, payloadParser } from "./payload";
import { headerValue, safeEqual, withinTolerance } from "./signature";
import type { TParsedDelivery, TWebhookProvider } from "./types";

const SOLVED = new Set(["solved", "closed"]);
const OPEN = new Set(["new", "open", "pending", "hold", "on-hold", "on hold"]);
const DELETED = new Set(["deleted", "spam"]);

const EVENT_PREFIX = "zen:event-type:";

const ZEventWebhook = z.object({
  type: z.string(),
  id: z.string().min(1).max(200),
  time: z.string().optional(),
  subject: z.string().optional(),
  detail: z.object({ id: ZExternalId.optional(), status: z.string().optional(), subject: z.string().nullish() }).optional(),
  // The shape of `event` differs between event types, so only what each type needs is read.
  event: z.object({ current: z.unknown(), previous: z.unknown(), tags_added: z.unknown() }).partial().nullish(),
});
const parseEventBody = payloadParser(ZEventWebhook, "Zendesk event");

const ZTriggerWebhook = z.object({
  event: z.string().max(100).optional(),
  ticket_id: ZExternalId,
  status: z.string().max(100).optional(),
  subject: z.string().optional(),
  updated_at: z.string().optional(),
  locale: z.string().max(35).optional(),
});
const parseTriggerBody = payloadParser(ZTriggerWebhook, "Zendesk trigger");

function statusKind(status: string | undefined): TTicketEventKind | null {
  const s = status?.trim().toLowerCase();
  if (!s) return null;
  if (SOLVED.has(s)) return "resolved";
  if (DELETED.has(s)) return "deleted";
  if (OPEN.has(s)) return "reopened";
  return null;
}

const strings = (v: unknown) => (Array.isArray(v) ? v.filter((t): t is string => typeof t === "string") : []);

/** `tags_added`, or what `current` has that `previous` had not. */
function tagAdded(event: { current?: unknown; previous?: unknown; tags_added?: unknown } | null | undefined) {
  if (!event) return false;
  const before = strings(event.previous);
  return strings(event.tags_added).includes(RECORD_TAG) || (strings(event.current).includes(RECORD_TAG) && !before.includes(RECORD_TAG));
}

function eventKind(eventType: string, p: z.infer<typeof ZEventWebhook>): TTicketEventKind | null {
  switch (eventType) {
    case "ticket.created":
      return "created";
    case "ticket.soft_deleted":
    case "ticket.permanently_deleted":
    case "ticket.marked_as_spam":
      return "deleted";
    case "ticket.status_changed":
      return statusKind(typeof p.event?.current === "string" ? p.event.current : p.detail?.status);
    case "ticket.tags_changed":
      return tagAdded(p.event) ? "recording_requested" : null;
    default:
      return null;
  }
}

/** Event webhooks: `zen:event-type:ticket.*`, a fixed body. */
function parseEventWebhook(body: object): TParsedDelivery {
  const p = parseEventBody(body);
  const eventType = p.type.slice(EVENT_PREFIX.length);
  const kind = eventKind(eventType, p);
  if (!kind) return { eventType, deliveryId: p.id, event: null };
  const externalId = p.detail?.id ?? /^zen:ticket:(\d+)$/.exec(p.subject ?? "")?.[1];
  if (!externalId) throw new AppError("bad_request", "Malformed Zendesk event payload: no ticket id in detail.id or subject.");
  return {
    eventType,
    deliveryId: p.id,
    event: { kind, source: "zendesk", externalId, subject: p.detail?.subject ?? null, occurredAt: parseEventTime(p.time), status: p.detail?.status ?? null },
  };
}

/** Trigger webhooks: a body the admin templates, with `ticket_id` and an `event` name or a `status`. */
function parseTriggerWebhook(body: object): TParsedDelivery {
  const p = parseTriggerBody(body);
  const name = p.event?.toLowerCase() ?? "";
  // Only the trigger's own event name: a tag stays on the ticket, so every later trigger would carry it.
  const kind: TTicketEventKind | null = /record/.test(name)
    ? "recording_requested"
    : name.includes("creat")
    ? "created"
    : /delet|spam|trash/.test(name)
      ? "deleted"
      : /solved|resolved|closed/.test(name)
        ? "resolved"
        : name.includes("reopen")
          ? "reopened"
          : statusKind(p.status);
  return {
    eventType: p.event ?? `status:${p.status ?? "unknown"}`,
    deliveryId: null,
    event: kind && {
      kind,
      source: "zendesk",
      externalId: p.ticket_id,
      subject: p.subject ?? null,
      occurredAt: parseEventTime(p.updated_at),
      status: p.status ?? null,
      locale: p.locale ?? null,
    },
  };
}

export const zendesk: TWebhookProvider = {
  id: "zendesk",
  label: "Zendesk",
  signature: "X-Zendesk-Webhook-Signature: base64 HMAC-SHA256 of timestamp + body, within 5 minutes",
  setup:
    "Admin Center › Webhooks: subscribe to ticket events (created, status changed, tags changed, deleted, spam) or connect triggers, then paste the webhook's signing secret here. Adding the tag glimpse-record to a ticket requests a recording.",
  verify({ headers, raw, secret, now }) {
    const signature = headerValue(headers, "x-zendesk-webhook-signature");
    const timestamp = headerValue(headers, "x-zendesk-webhook-signature-timestamp");
    if (!signature || !timestamp) return "missing X-Zendesk-Webhook-Signature or -Timestamp";
    if (!withinTolerance(Date.parse(timestamp), now)) return "the signature timestamp is outside the 5-minute window";
    return safeEqual(signature, createHmac("sha256", secret).update(timestamp).update(raw).digest("base64")) ? null : "signature mismatch";
  },
  parse({ body }) {
    const type = (body as { type?: unknown }).type;
    return typeof type === "string" && type.startsWith(EVENT_PREFIX) ? parseEventWebhook(body) : parseTriggerWebhook(body);
  },
};
