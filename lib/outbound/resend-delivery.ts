import "server-only";
import { appendAudit, type TActor } from "../audit/append-audit";
import { db, writeTx } from "../db";
import { AppError } from "../errors";
import { attemptDelivery, claimDelivery } from "./attempt-delivery";
import { serializeDelivery, type TDeliveryTarget } from "./list-deliveries";

/** One new attempt now, whatever the delivery's state; an endpoint tells a resend by its unchanged webhook-id. */
export async function resendDelivery({ deliveryId, actor, now = new Date(), ...target }: TDeliveryTarget & { deliveryId: string; actor: TActor; now?: Date }) {
  const delivery = await db.outboundDelivery.findFirst({
    where: { id: deliveryId, ...target },
    include: { endpoint: { select: { enabled: true } }, connection: { select: { enabled: true, provider: true } }, event: { select: { type: true } } },
    omit: { noteSealed: false },
  });
  if (!delivery) throw new AppError("not_found", "No such delivery.");
  const enabled = delivery.endpoint?.enabled ?? delivery.connection?.enabled;
  if (!enabled) throw new AppError("conflict", delivery.endpoint ? "The endpoint is disabled: enable it first." : "The helpdesk connection is disabled: enable it first.");
  if (delivery.connectionId && !delivery.noteSealed) throw new AppError("conflict", "This note held a one-time link and was erased once it was sent or failed: request a new link instead.");
  const lockedUntil = await claimDelivery(deliveryId, now, { due: false });
  if (!lockedUntil) throw new AppError("conflict", "This delivery is being sent right now.");
  const details = { ...target, deliveryId, eventId: delivery.eventId, eventType: delivery.event.type };
  const action = "endpointId" in target ? "webhook_endpoint.delivery_resent" : "helpdesk_connection.note_resent";
  await writeTx((tx) => appendAudit(tx, { actor, action, details, at: now }));
  await attemptDelivery({ id: deliveryId, lockedUntil, now, keepSettled: true });
  const after = await db.outboundDelivery.findUnique({ where: { id: deliveryId }, include: { event: { select: { type: true } } } });
  if (!after) throw new AppError("not_found", "The endpoint or connection was deleted meanwhile.");
  return serializeDelivery(after);
}
