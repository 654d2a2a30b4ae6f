import { z } from "zod";
import { parseEventTime, parsePayload, type TParsedDelivery, type TTicketEventKind, lookupName } from "../ticket-event";

const KINDS: Record<string, TTicketEventKind> = {
  "ticket.created": "created",
  "ticket.resolved": "resolved",
  "ticket.reopened": "reopened",
  "ticket.deleted": "deleted",
};

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
  }),
});

/** Standard Webhooks body: {"type":"ticket.resolved","data":{"ticketId":"…","source"?:"…"}}. */
export function parseGeneric(headers: Headers, body: unknown): TParsedDelivery {
  const type = (body as { type?: unknown } | null)?.type;
  const deliveryId = headers.get("webhook-id") ?? headers.get("svix-id");
  const kind = lookupName(KINDS, typeof type === "string" ? type : null);
  if (typeof type !== "string" || !kind) return { eventType: typeof type === "string" ? type : "unknown", deliveryId, event: null };
  const p = parsePayload(ZGeneric, body, "generic");
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
    },
  };
}
