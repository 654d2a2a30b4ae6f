import { z } from "zod";
import { parseJson } from "@/lib/api/parse-request";
import { withActor } from "@/lib/api/with-actor";
import { withErrors } from "@/lib/api/with-errors";
import { resendDelivery } from "@/lib/outbound/resend-delivery";

// POST /api/v1/webhook-endpoints/:id/deliveries/:deliveryId/resend – one new attempt now; answers the delivery as it stands after it (admin)
export const POST = withErrors(withActor<{ id: string; deliveryId: string }>("admin", async ({ req, params, actor }) => {
  await parseJson(req, z.strictObject({}));
  return Response.json({ delivery: await resendDelivery({ endpointId: params.id, deliveryId: params.deliveryId, actor }) });
}));
