import "server-only";
import { z } from "zod";
import type { TTicketEventKind } from "../../tickets/apply-ticket-event";
import { RECORD_TAG, lookupName, parseEventTime, payloadParser } from "./payload";
import { verifyHubSignature } from "./signature";
import type { TWebhookProvider } from "./types";

const ZIssuesEvent = z.object({
  action: z.string(),
  issue: z.object({
    number: z.number().int().positive(),
    title: z.string().nullish(),
    state: z.string().optional(),
    updated_at: z.string().nullish(),
    closed_at: z.string().nullish(),
  }),
  repository: z.object({ full_name: z.string().min(3).max(200) }),
  label: z.object({ name: z.string() }).nullish(),
});
const parseIssuesEvent = payloadParser(ZIssuesEvent, "GitHub issues");

const ACTIONS: Record<string, TTicketEventKind> = { opened: "created", closed: "resolved", reopened: "reopened", deleted: "deleted" };

export const github: TWebhookProvider = {
  id: "github",
  label: "GitHub Issues",
  signature: "X-Hub-Signature-256: sha256 HMAC of the body",
  setup:
    "Repository › Settings › Webhooks: content type application/json, the Issues event, and this secret. Tickets are owner/repo#number. The label glimpse-record requests a recording.",
  unsignedDeliveryId: true,
  secret: { offerGenerate: true },
  verify: ({ headers, raw, secret }) => verifyHubSignature({ headers, raw, secret, header: "x-hub-signature-256", algorithm: "sha256" }),
  // X-GitHub-Event names the event (`issues`, `ping`, …).
  parse({ headers, body }) {
    const event = headers.get("x-github-event") ?? "unknown";
    const deliveryId = headers.get("x-github-delivery");
    const action = (body as { action?: unknown }).action;
    const eventType = typeof action === "string" ? `${event}.${action}` : event;
    const labelName = (body as { label?: { name?: unknown } }).label?.name;
    const kind = action === "labeled" && labelName === RECORD_TAG ? "recording_requested" : lookupName(ACTIONS, typeof action === "string" ? action : null);
    if (event !== "issues" || !kind) return { eventType, deliveryId, event: null };
    const p = parseIssuesEvent(body);
    return {
      eventType,
      deliveryId,
      event: {
        kind,
        source: "github",
        externalId: `${p.repository.full_name}#${p.issue.number}`,
        subject: p.issue.title ?? null,
        // A deletion does not touch updated_at, so it carries no usable time.
        occurredAt: kind === "deleted" || kind === "recording_requested" ? null : parseEventTime(kind === "resolved" ? (p.issue.closed_at ?? p.issue.updated_at) : p.issue.updated_at),
        status: p.issue.state ?? null,
      },
    };
  },
};
