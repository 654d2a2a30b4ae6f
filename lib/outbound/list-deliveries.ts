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

/** The endpoint's delivery log, newest first. */
export async function listDeliveries({ endpointId, limit = 50 }: { endpointId: string; limit?: number }): Promise<TDeliveryRow[]> {
  const endpoint = await db.webhookEndpoint.findUnique({ where: { id: endpointId }, select: { id: true } });
  if (!endpoint) throw new AppError("not_found", "No such endpoint.");
  const rows = await db.outboundDelivery.findMany({
    where: { endpointId },
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
