import "server-only";
import { createHmac } from "node:crypto";
import { z } from "zod";
import type { TTicketEventKind } from "../../tickets/apply-ticket-event";
import { ZExternalId, lookupName, parseEventTime, payloadParser } from "./payload";
import { headerValue, safeEqual } from "./signature";
import type { TWebhookProvider } from "./types";

const ZConversation = z.object({
  id: ZExternalId,
  status: z.string().optional(),
  subject: z.string().nullish(),
  userUpdatedAt: z.string().nullish(),
  closedAt: z.string().nullish(),
  createdAt: z.string().nullish(),
});
const parseConversation = payloadParser(ZConversation, "Help Scout");

const EVENTS = ["convo.created", "convo.status", "convo.deleted"];
const STATUS: Record<string, TTicketEventKind> = { closed: "resolved", spam: "deleted", active: "reopened", pending: "reopened" };

export const helpscout: TWebhookProvider = {
  id: "helpscout",
  label: "Help Scout",
  signature: "X-HelpScout-Signature: base64 HMAC-SHA1 of the body",
  setup: "Manage › Apps › Webhooks: choose convo.created, convo.status and convo.deleted, and a secret of at most 40 characters.",
  secret: { offerGenerate: true, maxLength: 40 },
  verify({ headers, raw, secret }) {
    const signature = headerValue(headers, "x-helpscout-signature");
    if (!signature) return "missing X-HelpScout-Signature";
    return safeEqual(signature, createHmac("sha1", secret).update(raw).digest("base64")) ? null : "signature mismatch";
  },
  // The event is named in X-HelpScout-Event; the body is the conversation.
  parse({ headers, body }) {
    const eventType = headers.get("x-helpscout-event") ?? "unknown";
    const ignored = { eventType, deliveryId: null, event: null };
    if (!EVENTS.includes(eventType)) return ignored;
    const p = parseConversation(body);
    const kind = eventType === "convo.created" ? "created" : eventType === "convo.deleted" ? "deleted" : lookupName(STATUS, p.status);
    if (!kind) return ignored;
    return {
      eventType,
      deliveryId: null,
      event: {
        kind,
        source: "helpscout",
        externalId: p.id,
        subject: p.subject ?? null,
        occurredAt: parseEventTime(p.userUpdatedAt ?? (kind === "resolved" ? p.closedAt : null) ?? (kind === "created" ? p.createdAt : null)),
        status: p.status ?? null,
      },
    };
  },
};
