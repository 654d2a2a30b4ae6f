import { withActor } from "@/lib/api/with-actor";
import { withErrors } from "@/lib/api/with-errors";
import { listIntegrations } from "@/lib/webhooks/list-integrations";

// GET /api/v1/integrations – helpdesk webhooks: URL, whether a secret is set, last deliveries (admin)
export const GET = withErrors(withActor("admin", async () => Response.json({ integrations: await listIntegrations() })));
