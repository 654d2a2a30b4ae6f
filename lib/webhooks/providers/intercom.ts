import "server-only";
import { z } from "zod";
import { AppError } from "../../errors";
import type { TTicketEventKind } from "../../tickets/apply-ticket-event";
import { ZExternalId, lookupName, parseEventTime, payloadParser } from "./payload";
import { verifyHubSignature } from "./signature";
import type { TWebhookProvider } from "./types";

const ZNotification = z.object({
  id: z.string().min(1).max(200),
  topic: z.string().max(200),
  created_at: z.number().optional(),
  data: z
    .object({
      item: z
        .object({
          id: ZExternalId,
          title: z.string().nullish(),
          state: z.string().nullish(),
          updated_at: z.number().nullish(),
          ticket_state: z.union([z.string(), z.object({ category: z.string().nullish() })]).nullish(),
        })
        .optional(),
    })
    .optional(),
});
const parseNotification = payloadParser(ZNotification, "Intercom");

const TOPICS: Record<string, TTicketEventKind | "by_state"> = {
  "conversation.user.created": "created",
  "conversation.admin.single.created": "created",
  "ticket.created": "created",
  "conversation.admin.closed": "resolved",
  // From API 2.15 ticket.resolved is the resolve; ticket.closed may also fire and is idempotent.
  "ticket.resolved": "resolved",
  "ticket.closed": "resolved",
  "conversation.admin.opened": "reopened",
  "conversation.deleted": "deleted",
  "ticket.deleted": "deleted",
  "ticket.state.updated": "by_state",
};

export const intercom: TWebhookProvider = {
  id: "intercom",
  label: "Intercom",
  signature: "X-Hub-Signature: sha1 HMAC of the body",
  setup: "Developer Hub › your app › Webhooks: subscribe to conversation and ticket topics; the secret is the app's client secret.",
  verify: ({ headers, raw, secret }) => verifyHubSignature({ headers, raw, secret, header: "x-hub-signature", algorithm: "sha1" }),
  parse({ body }) {
    const topic = (body as { topic?: unknown }).topic;
    const mapped = lookupName(TOPICS, typeof topic === "string" ? topic : null);
    // ping and topics Glimpse does not act on are acknowledged without looking further.
    if (typeof topic !== "string" || !mapped) return { eventType: typeof topic === "string" ? topic : "unknown", deliveryId: null, event: null };
    const p = parseNotification(body);
    const item = p.data?.item;
    if (!item) throw new AppError("bad_request", "Malformed Intercom payload: data.item is missing.");
    const category = typeof item.ticket_state === "string" ? item.ticket_state : item.ticket_state?.category;
    const kind: TTicketEventKind | null = mapped !== "by_state" ? mapped : category ? (category === "resolved" ? "resolved" : "reopened") : null;
    return {
      eventType: topic,
      deliveryId: p.id,
      event: kind && {
        kind,
        source: "intercom",
        externalId: item.id,
        subject: item.title ?? null,
        occurredAt: parseEventTime(item.updated_at ?? p.created_at),
        status: category ?? item.state ?? null,
      },
    };
  },
};
