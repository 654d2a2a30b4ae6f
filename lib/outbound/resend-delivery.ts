import "server-only";
import { appendAudit, type TActor } from "../audit/append-audit";
import { db, writeTx } from "../db";
import { AppError } from "../errors";
import { attemptDelivery, claimDelivery } from "./attempt-delivery";
import { serializeDelivery } from "./list-deliveries";

/** One new attempt now, whatever the delivery's state; the receiver tells a resend by its unchanged webhook-id. */
export async function resendDelivery({ endpointId, deliveryId, actor, now = new Date() }: { endpointId: string; deliveryId: string; actor: TActor; now?: Date }) {
  const delivery = await db.outboundDelivery.findFirst({ where: { id: deliveryId, endpointId }, include: { endpoint: { select: { enabled: true } }, event: { select: { type: true } } } });
  if (!delivery) throw new AppError("not_found", "No such delivery.");
  if (!delivery.endpoint.enabled) throw new AppError("conflict", "The endpoint is disabled: enable it first.");
  const lockedUntil = await claimDelivery(deliveryId, now, { due: false });
  if (!lockedUntil) throw new AppError("conflict", "This delivery is being sent right now.");
  await writeTx((tx) => appendAudit(tx, { actor, action: "webhook_endpoint.delivery_resent", details: { endpointId, deliveryId, eventId: delivery.eventId, eventType: delivery.event.type }, at: now }));
  await attemptDelivery({ id: deliveryId, lockedUntil, now, keepSettled: true });
  const after = await db.outboundDelivery.findUnique({ where: { id: deliveryId }, include: { event: { select: { type: true } } } });
  if (!after) throw new AppError("not_found", "The endpoint was deleted meanwhile.");
  return serializeDelivery(after);
}
