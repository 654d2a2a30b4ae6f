import { z } from "zod";
import { parseEventTime, parsePayload, type TParsedDelivery, type TTicketEventKind, lookupName } from "../ticket-event";

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
});

const ACTIONS: Record<string, TTicketEventKind> = { opened: "created", closed: "resolved", reopened: "reopened", deleted: "deleted" };

/** GitHub Issues: X-GitHub-Event names the event (`issues`, `ping`, …); tickets are owner/repo#number. */
export function parseGitHub(headers: Headers, body: unknown): TParsedDelivery {
  const event = headers.get("x-github-event") ?? "unknown";
  const deliveryId = headers.get("x-github-delivery");
  const action = (body as { action?: unknown } | null)?.action;
  const eventType = typeof action === "string" ? `${event}.${action}` : event;
  const kind = lookupName(ACTIONS, typeof action === "string" ? action : null);
  if (event !== "issues" || !kind) return { eventType, deliveryId, event: null };
  const p = parsePayload(ZIssuesEvent, body, "GitHub issues");
  return {
    eventType,
    deliveryId,
    event: {
      kind,
      source: "github",
      externalId: `${p.repository.full_name}#${p.issue.number}`,
      subject: p.issue.title ?? null,
      // A deletion does not touch updated_at, so it carries no usable time.
      occurredAt: kind === "deleted" ? null : parseEventTime(kind === "resolved" ? (p.issue.closed_at ?? p.issue.updated_at) : p.issue.updated_at),
      status: p.issue.state ?? null,
    },
  };
}
