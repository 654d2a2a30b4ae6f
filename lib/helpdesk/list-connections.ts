import "server-only";
import { db } from "../db";
import { listDeliveries, type TDeliveryRow } from "../outbound/list-deliveries";
import { serializeConnection, type TConnectionView } from "./serialize-connection";

export type TConnectionRow = TConnectionView & {
  counts: { pending: number; delivered: number; failed: number };
  deliveries: TDeliveryRow[];
};

/** Every helpdesk connection, without its configuration, with its note counts and its last deliveries. */
export async function listConnections({ deliveries = 0 }: { deliveries?: number } = {}): Promise<TConnectionRow[]> {
  const connections = await db.helpdeskConnection.findMany({ orderBy: { createdAt: "asc" } });
  const grouped = await db.outboundDelivery.groupBy({ by: ["connectionId", "status"], where: { connectionId: { not: null } }, _count: { _all: true } });
  return Promise.all(
    connections.map(async (c) => {
      const counts = { pending: 0, delivered: 0, failed: 0 };
      for (const g of grouped) if (g.connectionId === c.id) counts[g.status] = g._count._all;
      return { ...serializeConnection(c), counts, deliveries: deliveries ? await listDeliveries({ connectionId: c.id, limit: deliveries }) : [] };
    }),
  );
}
