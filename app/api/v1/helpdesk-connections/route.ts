import { parseJson } from "@/lib/api/parse-request";
import { withActor } from "@/lib/api/with-actor";
import { withErrors } from "@/lib/api/with-errors";
import { ZCreateConnectionSchema } from "@/lib/helpdesk/connection-input";
import { createConnection } from "@/lib/helpdesk/create-connection";
import { listConnections } from "@/lib/helpdesk/list-connections";

// GET /api/v1/helpdesk-connections – connected helpdesks, with note counts, never their credentials (admin)
export const GET = withErrors(withActor("admin", async () => Response.json({ connections: await listConnections() })));

// POST /api/v1/helpdesk-connections – connect a helpdesk, {provider, config, siteId?}; config is checked by the provider and stored encrypted (admin)
export const POST = withErrors(withActor("admin", async ({ req, actor }) => {
  const input = await parseJson(req, ZCreateConnectionSchema);
  return Response.json({ connection: await createConnection({ input, actor }) }, { status: 201 });
}));
