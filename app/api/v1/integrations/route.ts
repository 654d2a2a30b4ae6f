import { withActor } from "@/lib/api/handler";
import { listIntegrations } from "@/lib/webhooks/list-integrations";

export const dynamic = "force-dynamic";

// GET /api/v1/integrations – helpdesk webhooks: URL, whether a secret is set, last deliveries (admin)
export const GET = withActor("admin", async () => Response.json({ integrations: await listIntegrations() }));
