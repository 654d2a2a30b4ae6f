import { parseJson } from "@/lib/api/parse-request";
import { withActor } from "@/lib/api/with-actor";
import { withErrors } from "@/lib/api/with-errors";
import { deleteEndpoint } from "@/lib/outbound/delete-endpoint";
import { ZUpdateEndpointSchema } from "@/lib/outbound/endpoint-input";
import { updateEndpoint } from "@/lib/outbound/update-endpoint";

// PATCH /api/v1/webhook-endpoints/:id – change url, eventTypes, description or enabled (admin)
export const PATCH = withErrors(withActor<{ id: string }>("admin", async ({ req, params, actor }) => {
  const input = await parseJson(req, ZUpdateEndpointSchema);
  return Response.json({ endpoint: await updateEndpoint({ id: params.id, input, actor }) });
}));

// DELETE /api/v1/webhook-endpoints/:id – remove a receiver and its delivery log (admin)
export const DELETE = withErrors(withActor<{ id: string }>("admin", async ({ params, actor }) => {
  await deleteEndpoint({ id: params.id, actor });
  return new Response(null, { status: 204 });
}));
