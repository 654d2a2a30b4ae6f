import "server-only";
import { nanoid } from "nanoid";
import type { TActor } from "../audit/append-audit";
import { sha256Hex } from "../crypto";
import { db, LONG_TX, writeTx } from "../db";
import { AppError, ERROR_STATUS } from "../errors";
import { parseJsonText } from "../http/read-body";
import { applyTicketEvent, type TTicketEvent } from "../tickets/apply-ticket-event";
import { ticketRef } from "../tickets/ticket-ref";
import { countRefusal } from "./count-refusal";
import { getWebhookSecret } from "./get-webhook-secret";
import { findWebhookProvider, type TParsedDelivery, type TWebhookProvider } from "./providers";

export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

export type TWebhookResult = "applied" | "duplicate" | "ignored" | "stale" | "rejected";
export type TWebhookOutcome = { status: number; result: TWebhookResult; message?: string };
type TDelivery = { provider: TWebhookProvider; headers: Headers; raw: Buffer; now: Date };
type TLogged = { deliveryId: string | null; eventType: string | null; ticketRef: string | null; result: TWebhookResult; statusCode: number; message: string };

export async function handleWebhook(opts: { providerId: string; headers: Headers; raw: Buffer; now: Date }): Promise<TWebhookOutcome> {
  const provider = findWebhookProvider(opts.providerId);
  if (!provider) throw new AppError("not_found", "No such webhook provider.");
  const delivery = { ...opts, provider };
  await verify(delivery);
  const parsed = await parse(delivery);
  const { event } = parsed;
  if (!event) {
    const message = "Glimpse does not act on this event type.";
    const result = await logDelivery(provider, { deliveryId: parsed.deliveryId, eventType: parsed.eventType, ticketRef: null, result: "ignored", statusCode: 200, message });
    return { status: 200, result };
  }
  return dedupeAndApply(delivery, { ...parsed, event });
}

async function verify({ provider, headers, raw, now }: TDelivery) {
  const configured = await getWebhookSecret(provider.id);
  if (!configured) throw new AppError("unauthorized", `The ${provider.id} integration has no secret yet: set one in Settings › Integrations.`);
  const failure = provider.verify({ headers, raw, secret: configured.secret, now });
  if (!failure) return;
  await countRefusal({ providerId: provider.id, reason: failure, now });
  throw new AppError("unauthorized", `Signature check failed: ${failure}.`);
}

async function parse({ provider, headers, raw }: TDelivery): Promise<TParsedDelivery> {
  try {
    const body = parseJsonText(raw.toString("utf8"));
    if (!body || typeof body !== "object" || Array.isArray(body)) throw new AppError("bad_request", "The body must be a JSON object.");
    return provider.parse({ headers, body });
  } catch (error) {
    // A lone surrogate is 422 like everywhere else; anything else the sender got wrong is 400.
    const code = error instanceof AppError && error.code === "unprocessable_entity" ? error.code : "bad_request";
    const message = error instanceof AppError ? error.message : "The body is not valid JSON.";
    await logDelivery(provider, { deliveryId: null, eventType: null, ticketRef: null, result: "rejected", statusCode: ERROR_STATUS[code], message });
    throw new AppError(code, message);
  }
}

/** Without a delivery id the same (ticket, kind, status, time), or the same bytes, is the same delivery. */
function dedupKey({ provider, raw }: TDelivery, { deliveryId, event }: TParsedDelivery & { event: TTicketEvent }) {
  if (provider.unsignedDeliveryId) return `body:${sha256Hex(raw)}`;
  if (deliveryId) return deliveryId.slice(0, 200);
  const when = event.occurredAt?.toISOString() ?? `body:${sha256Hex(raw)}`;
  return `derived:${sha256Hex(JSON.stringify([event.source, event.externalId, event.kind, event.status ?? null, when]))}`;
}

// The delivery row commits with the apply, so a retry racing the original is applied once.
async function dedupeAndApply(delivery: TDelivery, parsed: TParsedDelivery & { event: TTicketEvent }): Promise<TWebhookOutcome> {
  const { provider, now } = delivery;
  const { event, eventType } = parsed;
  const deliveryId = dedupKey(delivery, parsed);
  const actor: TActor = { type: "webhook", id: provider.id, label: `${provider.id} webhook` };
  try {
    return await writeTx(async (tx) => {
      if (await tx.webhookDelivery.findUnique({ where: { provider_deliveryId: { provider: provider.id, deliveryId } } })) return { status: 200, result: "duplicate" };
      const { result, message } = await applyTicketEvent({ event, actor, reason: `${provider.id}:${eventType}`, now, tx });
      await tx.webhookDelivery.create({ data: { provider: provider.id, deliveryId, eventType, ticketRef: ticketRef(event), result, statusCode: 200, message, receivedAt: now } });
      return { status: 200, result, message };
    }, LONG_TX);
  } catch (error) {
    // Another process recorded the same delivery between our check and our insert.
    if ((error as { code?: string }).code === "P2002") return { status: 200, result: "duplicate" };
    throw error;
  }
}

async function logDelivery(provider: TWebhookProvider, data: TLogged): Promise<TWebhookResult> {
  try {
    // Refused deliveries get a random id, so they can never claim a real delivery's id.
    const deliveryId = data.result === "rejected" || !data.deliveryId ? `${data.result}:${nanoid()}` : data.deliveryId.slice(0, 200);
    await db.webhookDelivery.create({ data: { ...data, provider: provider.id, deliveryId } });
    return data.result;
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") return "duplicate";
    throw error;
  }
}
