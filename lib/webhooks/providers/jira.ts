import "server-only";
import { z } from "zod";
import type { TTicketEventKind } from "../../tickets/apply-ticket-event";
import { RECORD_TAG, parseEventTime, payloadParser } from "./payload";
import { verifyHubSignature } from "./signature";
import type { TWebhookProvider } from "./types";

const ZIssueEvent = z.object({
  webhookEvent: z.string(),
  timestamp: z.number().optional(),
  issue: z.object({
    key: z.string().min(1).max(200),
    fields: z
      .object({
        summary: z.string().nullish(),
        status: z.object({ name: z.string().optional(), statusCategory: z.object({ key: z.string() }).optional() }).nullish(),
      })
      .partial()
      .nullish(),
  }),
  changelog: z
    .object({
      // Loose: the label names are in fromString and toString, which a strict schema would read off Object.prototype when absent.
      items: z.array(z.looseObject({ field: z.string(), from: z.string().nullish(), to: z.string().nullish() })).default([]),
    })
    .nullish(),
});
const parseIssueEvent = payloadParser(ZIssueEvent, "Jira");

const EVENTS = ["jira:issue_created", "jira:issue_updated", "jira:issue_deleted"];

/** An update counts only when the status or the resolution changed; the new status category (`done` or not) decides. */
function updateKind(p: z.infer<typeof ZIssueEvent>): TTicketEventKind | null {
  const category = p.issue.fields?.status?.statusCategory?.key;
  const items = p.changelog?.items ?? [];
  const resolution = items.find((i) => i.field === "resolution");
  if (items.some((i) => i.field === "status") && category) return category === "done" ? "resolved" : "reopened";
  if (resolution) return resolution.to ? "resolved" : "reopened";
  // Labels travel as space-separated strings, before and after the change.
  const labels = items.find((i) => i.field === "labels");
  const words = (item: Record<string, unknown>, key: string) => (Object.hasOwn(item, key) && typeof item[key] === "string" ? item[key].split(/\s+/) : []);
  if (labels && words(labels, "toString").includes(RECORD_TAG) && !words(labels, "fromString").includes(RECORD_TAG)) return "recording_requested";
  return null;
}

export const jira: TWebhookProvider = {
  id: "jira",
  label: "Jira",
  signature: "X-Hub-Signature: sha256 HMAC of the body",
  setup:
    "System › Webhooks: events issue created, updated and deleted, with a secret. Tickets are matched on the issue key (SUP-123). Adding the label glimpse-record requests a recording.",
  unsignedDeliveryId: true,
  secret: { offerGenerate: true },
  verify: ({ headers, raw, secret }) => verifyHubSignature({ headers, raw, secret, header: "x-hub-signature", algorithm: "sha256" }),
  parse({ headers, body }) {
    const eventType = (body as { webhookEvent?: unknown }).webhookEvent;
    const deliveryId = headers.get("x-atlassian-webhook-identifier");
    if (typeof eventType !== "string" || !EVENTS.includes(eventType)) {
      return { eventType: typeof eventType === "string" ? eventType : "unknown", deliveryId, event: null };
    }
    const p = parseIssueEvent(body);
    const kind = eventType === "jira:issue_created" ? "created" : eventType === "jira:issue_deleted" ? "deleted" : updateKind(p);
    return {
      eventType,
      deliveryId,
      event: kind && {
        kind,
        source: "jira",
        externalId: p.issue.key,
        subject: p.issue.fields?.summary ?? null,
        occurredAt: parseEventTime(p.timestamp),
        status: p.issue.fields?.status?.name ?? null,
      },
    };
  },
};
