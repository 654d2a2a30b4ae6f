import { z } from "zod";
import { parseQuery } from "@/lib/api/parse-request";
import { withActor } from "@/lib/api/with-actor";
import { withErrors } from "@/lib/api/with-errors";
import { listDeliveries } from "@/lib/outbound/list-deliveries";

const ZDeliveriesQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) });

// GET /api/v1/helpdesk-connections/:id/deliveries – the note log, newest first: event type, time, attempts, last status, state (admin)
export const GET = withErrors(withActor<{ id: string }>("admin", async ({ req, params }) => {
  const { limit } = parseQuery(req, ZDeliveriesQuery);
  return Response.json({ deliveries: await listDeliveries({ connectionId: params.id, limit }) });
}));
