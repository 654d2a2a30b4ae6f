import { z } from "zod";
import { parseEventTime, parsePayload, type TParsedDelivery, type TTicketEventKind } from "../ticket-event";

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
    .object({ items: z.array(z.object({ field: z.string(), from: z.string().nullish(), to: z.string().nullish() })).default([]) })
    .nullish(),
});

const EVENTS = ["jira:issue_created", "jira:issue_updated", "jira:issue_deleted"];

/**
 * Jira puts the event in the body. An update counts only when the status or the resolution
 * changed; the new status category (`done` or not) decides between resolved and reopened.
 */
export function parseJira(headers: Headers, body: unknown): TParsedDelivery {
  const eventType = (body as { webhookEvent?: unknown } | null)?.webhookEvent;
  const deliveryId = headers.get("x-atlassian-webhook-identifier");
  if (typeof eventType !== "string" || !EVENTS.includes(eventType)) {
    return { eventType: typeof eventType === "string" ? eventType : "unknown", deliveryId, event: null };
  }
  const p = parsePayload(ZIssueEvent, body, "Jira");
  const category = p.issue.fields?.status?.statusCategory?.key;
  let kind: TTicketEventKind | null = null;
  if (eventType === "jira:issue_created") kind = "created";
  else if (eventType === "jira:issue_deleted") kind = "deleted";
  else {
    const items = p.changelog?.items ?? [];
    const statusChanged = items.some((i) => i.field === "status");
    const resolution = items.find((i) => i.field === "resolution");
    if (statusChanged && category) kind = category === "done" ? "resolved" : "reopened";
    else if (resolution) kind = resolution.to ? "resolved" : "reopened";
  }
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
}
