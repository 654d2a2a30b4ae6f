import { z } from "zod";
import { AppError } from "../../errors";
import { ZExternalId, parseEventTime, parsePayload, type TParsedDelivery, type TTicketEventKind } from "../ticket-event";

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
  // The shape of `event` differs between event types, so only the strings are read.
  event: z.object({ current: z.unknown(), previous: z.unknown() }).partial().nullish(),
});

const ZTriggerWebhook = z.object({
  event: z.string().max(100).optional(),
  ticket_id: ZExternalId,
  status: z.string().max(100).optional(),
  subject: z.string().optional(),
  updated_at: z.string().optional(),
});

function statusKind(status: string | undefined): TTicketEventKind | null {
  const s = status?.trim().toLowerCase();
  if (!s) return null;
  if (SOLVED.has(s)) return "resolved";
  if (DELETED.has(s)) return "deleted";
  if (OPEN.has(s)) return "reopened";
  return null;
}

/**
 * Zendesk event webhooks (`zen:event-type:ticket.*`, fixed body) and trigger webhooks (a body
 * the admin templates, with `ticket_id` and an `event` name or `status`).
 */
export function parseZendesk(_headers: Headers, body: unknown): TParsedDelivery {
  const type = (body as { type?: unknown } | null)?.type;
  if (typeof type === "string" && type.startsWith(EVENT_PREFIX)) return parseEventWebhook(body);
  return parseTriggerWebhook(body);
}

function parseEventWebhook(body: unknown): TParsedDelivery {
  const p = parsePayload(ZEventWebhook, body, "Zendesk event");
  const eventType = p.type.slice(EVENT_PREFIX.length);
  const base = { eventType, deliveryId: p.id };
  const kind = eventKind(eventType, p);
  if (!kind) return { ...base, event: null };
  const externalId = p.detail?.id ?? /^zen:ticket:(\d+)$/.exec(p.subject ?? "")?.[1];
  if (!externalId) throw new AppError("bad_request", "Malformed Zendesk event payload: no ticket id in detail.id or subject.");
  return {
    ...base,
    event: {
      kind,
      source: "zendesk",
      externalId,
      subject: p.detail?.subject ?? null,
      occurredAt: parseEventTime(p.time),
      status: p.detail?.status ?? null,
    },
  };
}

function eventKind(eventType: string, p: z.infer<typeof ZEventWebhook>): TTicketEventKind | null {
  switch (eventType) {
    case "ticket.created":
      return "created";
    case "ticket.soft_deleted":
    case "ticket.permanently_deleted":
    case "ticket.marked_as_spam":
      return "deleted";
    case "ticket.status_changed": {
      const current = typeof p.event?.current === "string" ? p.event.current : p.detail?.status;
      return statusKind(current);
    }
    default:
      return null;
  }
}

function parseTriggerWebhook(body: unknown): TParsedDelivery {
  const p = parsePayload(ZTriggerWebhook, body, "Zendesk trigger");
  const name = p.event?.toLowerCase() ?? "";
  const kind: TTicketEventKind | null = name.includes("creat")
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
    },
  };
}
