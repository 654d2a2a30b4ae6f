import "server-only";
import { z } from "zod";
import type { TTicketEventKind } from "../../tickets/apply-ticket-event";
import { TICKET_EVENT_NAMES, ZExternalId, lookupName, parseEventTime, payloadParser } from "./payload";
import { headerValue, safeEqual } from "./signature";
import type { TParsedDelivery, TWebhookProvider } from "./types";

// Freshdesk's own status codes: 2 Open, 3 Pending, 4 Resolved, 5 Closed. Custom statuses are ignored.
const STATUS: Record<string, TTicketEventKind> = {
  open: "reopened",
  pending: "reopened",
  resolved: "resolved",
  closed: "resolved",
  "2": "reopened",
  "3": "reopened",
  "4": "resolved",
  "5": "resolved",
  deleted: "deleted",
  spam: "deleted",
};

const ZTemplate = z.object({
  event: z.string().max(100).optional(),
  ticket_id: ZExternalId,
  status: z.union([z.string().max(100), z.number()]).transform(String).optional(),
  subject: z.string().nullish(),
  updated_at: z.string().nullish(),
});
const parseTemplate = payloadParser(ZTemplate, "Freshdesk");

// The shape Freshdesk's "simple" content and many existing integrations send.
const ZClassic = z.object({
  freshdesk_webhook: z.object({
    ticket_id: ZExternalId,
    ticket_status: z.string().optional(),
    ticket_subject: z.string().nullish(),
    triggered_event: z.string().optional(),
    ticket_updated_at: z.string().nullish(),
  }),
});
const parseClassic = payloadParser(ZClassic, "Freshdesk");

function parseClassicBody(body: object): TParsedDelivery {
  const p = parseClassic(body).freshdesk_webhook;
  const triggered = p.triggered_event ?? "";
  const toCode = /to:\s*(\d+)/.exec(triggered)?.[1];
  const kind = triggered.includes("created") ? "created" : (lookupName(STATUS, toCode) ?? lookupName(STATUS, p.ticket_status?.toLowerCase()) ?? null);
  return {
    eventType: triggered || `status:${p.ticket_status ?? "unknown"}`,
    deliveryId: null,
    event: kind && {
      kind,
      source: "freshdesk",
      externalId: p.ticket_id,
      subject: p.ticket_subject ?? null,
      occurredAt: parseEventTime(p.ticket_updated_at),
      status: p.ticket_status ?? null,
    },
  };
}

export const freshdesk: TWebhookProvider = {
  id: "freshdesk",
  label: "Freshdesk",
  signature: "Freshdesk does not sign: it must send the secret in the X-Glimpse-Token header",
  setup: 'Automation rule › Trigger webhook: POST JSON {"event":"ticket.resolved","ticket_id":{{ticket.id}},"status":"{{ticket.status}}"} with a custom header X-Glimpse-Token set to this secret.',
  secret: { offerGenerate: true },
  verify({ headers, secret }) {
    const token = headerValue(headers, "x-glimpse-token");
    if (!token) return "missing X-Glimpse-Token";
    return safeEqual(token, secret) ? null : "token mismatch";
  },
  // Freshdesk sends whatever the automation rule templates: the recommended template or the classic `freshdesk_webhook` object.
  parse({ body }) {
    if ("freshdesk_webhook" in body) return parseClassicBody(body);
    const p = parseTemplate(body);
    const kind = lookupName(TICKET_EVENT_NAMES, p.event) ?? lookupName(STATUS, p.status?.toLowerCase()) ?? null;
    return {
      eventType: p.event ?? `status:${p.status ?? "unknown"}`,
      deliveryId: null,
      event: kind && { kind, source: "freshdesk", externalId: p.ticket_id, subject: p.subject ?? null, occurredAt: parseEventTime(p.updated_at), status: p.status ?? null },
    };
  },
};
