import { z } from "zod";
import { ZExternalId, parseEventTime, parsePayload, type TParsedDelivery, type TTicketEventKind, lookupName } from "../ticket-event";

const ZConversation = z.object({
  id: ZExternalId,
  status: z.string().optional(),
  subject: z.string().nullish(),
  userUpdatedAt: z.string().nullish(),
  closedAt: z.string().nullish(),
  createdAt: z.string().nullish(),
});

const STATUS: Record<string, TTicketEventKind> = { closed: "resolved", spam: "deleted", active: "reopened", pending: "reopened" };

/** Help Scout names the event in X-HelpScout-Event; the body is the conversation. */
export function parseHelpScout(headers: Headers, body: unknown): TParsedDelivery {
  const eventType = headers.get("x-helpscout-event") ?? "unknown";
  const ignored = { eventType, deliveryId: null, event: null };
  if (!["convo.created", "convo.status", "convo.deleted"].includes(eventType)) return ignored;
  const p = parsePayload(ZConversation, body, "Help Scout");
  const kind: TTicketEventKind | undefined =
    eventType === "convo.created" ? "created" : eventType === "convo.deleted" ? "deleted" : lookupName(STATUS, p.status);
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
}
