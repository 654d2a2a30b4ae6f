import "server-only";
import type { OutboundDelivery } from "../db/models";
import { db } from "../db";
import { AppError } from "../errors";

export type TDeliveryRow = {
  id: string;
  eventId: string;
  eventType: string;
  createdAt: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
};

export type TDeliveryTarget = { endpointId: string } | { connectionId: string };

/** The delivery log of an endpoint or a helpdesk connection, newest first. */
export async function listDeliveries({ limit = 50, ...target }: TDeliveryTarget & { limit?: number }): Promise<TDeliveryRow[]> {
  const found =
    "endpointId" in target
      ? await db.webhookEndpoint.findUnique({ where: { id: target.endpointId }, select: { id: true } })
      : await db.helpdeskConnection.findUnique({ where: { id: target.connectionId }, select: { id: true } });
  if (!found) throw new AppError("not_found", "endpointId" in target ? "No such endpoint." : "No such helpdesk connection.");
  const rows = await db.outboundDelivery.findMany({
    where: target,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    include: { event: { select: { type: true } } },
  });
  return rows.map(serializeDelivery);
}

export function serializeDelivery(d: OutboundDelivery & { event: { type: string } }): TDeliveryRow {
  return {
    id: d.id,
    eventId: d.eventId,
    eventType: d.event.type,
    createdAt: d.createdAt.toISOString(),
    status: d.status,
    attempts: d.attempts,
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
    nextAttemptAt: d.status === "pending" ? d.nextAttemptAt.toISOString() : null,
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
  };
}
