import { z } from "zod";
import { parseJson } from "@/lib/api/parse-request";
import { withActor } from "@/lib/api/with-actor";
import { withErrors } from "@/lib/api/with-errors";
import { resendDelivery } from "@/lib/outbound/resend-delivery";

// POST /api/v1/helpdesk-connections/:id/deliveries/:deliveryId/resend – send the note again now; answers the delivery after it (admin)
export const POST = withErrors(withActor<{ id: string; deliveryId: string }>("admin", async ({ req, params, actor }) => {
  await parseJson(req, z.strictObject({}));
  return Response.json({ delivery: await resendDelivery({ connectionId: params.id, deliveryId: params.deliveryId, actor }) });
}));
