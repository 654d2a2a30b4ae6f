import "server-only";
import { db } from "../db";
import { listDeliveries, type TDeliveryRow } from "./list-deliveries";
import { serializeEndpoint } from "./serialize-endpoint";

export type TEndpointRow = ReturnType<typeof serializeEndpoint> & {
  counts: { pending: number; delivered: number; failed: number };
  deliveries: TDeliveryRow[];
};

/** Every endpoint, without its secret, with its delivery counts and its last deliveries. */
export async function listEndpoints({ deliveries = 0 }: { deliveries?: number } = {}): Promise<TEndpointRow[]> {
  const endpoints = await db.webhookEndpoint.findMany({ orderBy: { createdAt: "asc" } });
  const grouped = await db.outboundDelivery.groupBy({ by: ["endpointId", "status"], where: { endpointId: { not: null } }, _count: { _all: true } });
  return Promise.all(
    endpoints.map(async (e) => {
      const counts = { pending: 0, delivered: 0, failed: 0 };
      for (const g of grouped) if (g.endpointId === e.id) counts[g.status] = g._count._all;
      return { ...serializeEndpoint(e), counts, deliveries: deliveries ? await listDeliveries({ endpointId: e.id, limit: deliveries }) : [] };
    }),
  );
}
