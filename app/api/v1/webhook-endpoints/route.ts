import { parseJson } from "@/lib/api/parse-request";
import { withActor } from "@/lib/api/with-actor";
import { withErrors } from "@/lib/api/with-errors";
import { createEndpoint } from "@/lib/outbound/create-endpoint";
import { ZCreateEndpointSchema } from "@/lib/outbound/endpoint-input";
import { listEndpoints } from "@/lib/outbound/list-endpoints";

// GET /api/v1/webhook-endpoints – receivers of signed outbound events, with delivery counts, never the secret (admin)
export const GET = withErrors(withActor("admin", async () => Response.json({ endpoints: await listEndpoints() })));

// POST /api/v1/webhook-endpoints – add a receiver, {url, eventTypes, description?}; its whsec_ secret is in this answer only (admin)
export const POST = withErrors(withActor("admin", async ({ req, actor }) => {
  const input = await parseJson(req, ZCreateEndpointSchema);
  const { endpoint, secret } = await createEndpoint({ input, actor });
  return Response.json({ endpoint, secret }, { status: 201 });
}));
