import { nanoid } from "nanoid";
import type { TActor } from "../audit/append-audit";
import { appendAudit } from "../audit/append-audit";
import { sha256Hex } from "../crypto";
import { db } from "../db";
import { AppError, ERROR_STATUS } from "../errors";
import { LONG_TX, withBusyRetry } from "../db";
import { ticketRef } from "../tickets/ticket-ref";
import { reopenTicket } from "../tickets/reopen-ticket";
import { resolveTicket } from "../tickets/resolve-ticket";
import { parseJsonText, readBody } from "../http/read-body";
import { countRefusal } from "./count-refusal";
import { getWebhookSecret } from "./get-webhook-secret";
import { parseFreshdesk } from "./parsers/freshdesk";
import { parseGeneric } from "./parsers/generic";
import { parseGitHub } from "./parsers/github";
import { parseHelpScout } from "./parsers/helpscout";
import { parseIntercom } from "./parsers/intercom";
import { parseJira } from "./parsers/jira";
import { parseZendesk } from "./parsers/zendesk";
import { isWebhookProvider, type TWebhookProvider } from "./providers";
import type { TParsedDelivery, TTicketEvent } from "./ticket-event";
import { verifySignature } from "./verify-signature";

const MAX_BODY_BYTES = 1024 * 1024;

const PARSERS: Record<TWebhookProvider, (headers: Headers, body: unknown) => TParsedDelivery> = {
  zendesk: parseZendesk,
  intercom: parseIntercom,
  freshdesk: parseFreshdesk,
  helpscout: parseHelpScout,
  jira: parseJira,
  github: parseGitHub,
  generic: parseGeneric,
};

export type TWebhookResult = "applied" | "duplicate" | "ignored" | "stale" | "rejected";
export type TWebhookOutcome = { status: number; result: TWebhookResult; message?: string };

/**
 * One helpdesk delivery: authenticate the raw bytes, then parse, de-duplicate, drop events older
 * than the last one applied to the ticket, and apply — all in one transaction with the delivery
 * record, so a retry racing the original is applied once.
 */
export async function handleWebhook(providerName: string, req: Request, now = new Date()): Promise<TWebhookOutcome> {
  if (!isWebhookProvider(providerName)) throw new AppError("not_found", "No such webhook provider.");
  const provider = providerName;
  const configured = await getWebhookSecret(provider);
  if (!configured) {
    throw new AppError("unauthorized", `The ${provider} integration has no secret yet: set one in Settings › Integrations.`);
  }
  const raw = await readBody(req, { maxBytes: MAX_BODY_BYTES });

  const failure = verifySignature(provider, req.headers, raw, configured.secret, now);
  if (failure) {
    await countRefusal(provider, failure, now);
    throw new AppError("unauthorized", `Signature check failed: ${failure}.`);
  }

  let parsed: TParsedDelivery;
  try {
    const body = parseJsonText(raw.toString("utf8"));
    if (!body || typeof body !== "object" || Array.isArray(body)) throw new AppError("bad_request", "The body must be a JSON object.");
    parsed = PARSERS[provider](req.headers, body);
  } catch (error) {
    // A lone surrogate is 422 like everywhere else; anything else the sender got wrong is 400.
    const code = error instanceof AppError && error.code === "unprocessable_entity" ? error.code : "bad_request";
    const message = error instanceof AppError ? error.message : "The body is not valid JSON.";
    await logDelivery(provider, null, { eventType: null, ticketRef: null, result: "rejected", statusCode: ERROR_STATUS[code], message });
    throw new AppError(code, message);
  }

  const { event } = parsed;
  if (!event) {
    const result = await logDelivery(provider, parsed.deliveryId, {
      eventType: parsed.eventType,
      ticketRef: null,
      result: "ignored",
      statusCode: 200,
      message: "Glimpse does not act on this event type.",
    });
    return { status: 200, result };
  }
  return apply(provider, parsed, event, raw, now);
}

const FUTURE_TOLERANCE_MS = 5 * 60_000;

/**
 * GitHub and Jira sign only the body; their delivery-id header is not covered, so anyone holding
 * a captured delivery could resend it under a new id. For them the body itself is the delivery.
 */
const UNSIGNED_DELIVERY_ID: ReadonlySet<TWebhookProvider> = new Set(["github", "jira"]);

/** Without a delivery id, the same (ticket, status, time) — or the same bytes — is the same delivery. */
function dedupKey(provider: TWebhookProvider, parsed: TParsedDelivery, event: TTicketEvent, raw: Buffer) {
  if (UNSIGNED_DELIVERY_ID.has(provider)) return `body:${sha256Hex(raw)}`;
  if (parsed.deliveryId) return parsed.deliveryId.slice(0, 200);
  const when = event.occurredAt?.toISOString() ?? `body:${sha256Hex(raw)}`;
  return `derived:${sha256Hex(JSON.stringify([event.source, event.externalId, event.kind, event.status ?? null, when]))}`;
}

async function apply(provider: TWebhookProvider, parsed: TParsedDelivery, event: TTicketEvent, raw: Buffer, now: Date): Promise<TWebhookOutcome> {
  const deliveryId = dedupKey(provider, parsed, event, raw);
  const ref = ticketRef(event);
  const actor: TActor = { type: "webhook", id: provider, label: `${provider} webhook` };
  // A sender's clock may run a little ahead; a time far in the future would make every later,
  // real event look stale, so it counts as now.
  const at = event.occurredAt && event.occurredAt.getTime() <= now.getTime() + FUTURE_TOLERANCE_MS ? event.occurredAt : now;

  try {
    return await withBusyRetry(() =>
      db.$transaction(async (tx) => {
        if (await tx.webhookDelivery.findUnique({ where: { provider_deliveryId: { provider, deliveryId } } })) {
          return { status: 200, result: "duplicate" as const };
        }
        const record = async (result: TWebhookResult, message: string) => {
          await tx.webhookDelivery.create({
            data: { provider, deliveryId, eventType: parsed.eventType, ticketRef: ref, result, statusCode: 200, message, receivedAt: now },
          });
          return { status: 200, result, message };
        };

        const ticket = await tx.ticket.findUnique({
          where: { source_externalId: { source: event.source, externalId: event.externalId } },
        });
        if (!ticket) {
          if (event.kind !== "created") return record("ignored", `No ticket ${ref} in Glimpse; nothing to ${event.kind === "deleted" ? "delete" : event.kind.replace(/ed$/, "")}.`);
          const created = await tx.ticket.create({
            data: { source: event.source, externalId: event.externalId, subject: event.subject?.slice(0, 300) ?? null, lastEventAt: at },
          });
          await appendAudit(tx, { actor, action: "ticket.created", ticketId: created.id, ticketRef: ref });
          return record("applied", "Ticket created.");
        }
        // A deletion is final, so it applies whatever its time, except one that happened before
        // a later reopen. Nothing that happened before a reopen may purge what came after it.
        if (event.kind !== "deleted" && ticket.lastEventAt && at < ticket.lastEventAt) {
          return record("stale", `Older than the last event applied (${ticket.lastEventAt.toISOString()}).`);
        }
        if (ticket.reopenedAt && at < ticket.reopenedAt) {
          return record("stale", `Older than the ticket's reopen (${ticket.reopenedAt.toISOString()}).`);
        }
        let message: string;
        switch (event.kind) {
          case "created":
            message = "Ticket already exists.";
            break;
          case "resolved":
          case "deleted": {
            const r = await resolveTicket({ tx, ticket, actor, at, reason: `${provider}:${parsed.eventType}`, deleted: event.kind === "deleted" });
            message = r.pending
              ? "Resolved; recordings will be purged when the grace period ends."
              : `${event.kind === "deleted" ? "Deleted" : "Resolved"}; ${r.purgedRecordings} recording(s) purged.`;
            break;
          }
          case "reopened": {
            const wasResolved = ticket.status === "resolved";
            await reopenTicket({ tx, ticket, actor, at });
            message = wasResolved ? "Reopened." : "Ticket already open.";
            break;
          }
        }
        if (!ticket.lastEventAt || at > ticket.lastEventAt) {
          await tx.ticket.update({ where: { id: ticket.id }, data: { lastEventAt: at } });
        }
        return record("applied", message);
      }, LONG_TX),
    );
  } catch (error) {
    // Another process recorded the same delivery between our check and our insert.
    if ((error as { code?: string }).code === "P2002") return { status: 200, result: "duplicate" };
    throw error;
  }
}

async function logDelivery(
  provider: TWebhookProvider,
  deliveryId: string | null,
  data: { eventType: string | null; ticketRef: string | null; result: TWebhookResult; statusCode: number; message: string },
): Promise<TWebhookResult> {
  try {
    // Refused deliveries get a random id, so they can never claim a real delivery's id.
    const id = data.result === "rejected" || !deliveryId ? `${data.result}:${nanoid()}` : deliveryId.slice(0, 200);
    await db.webhookDelivery.create({ data: { provider, deliveryId: id, ...data } });
    return data.result;
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") return "duplicate";
    throw error;
  }
}
