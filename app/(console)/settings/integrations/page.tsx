import type { Metadata } from "next";
import { requireAdmin } from "@/lib/auth";
import { listEndpoints } from "@/lib/outbound/list-endpoints";
import { listIntegrations } from "@/lib/webhooks/list-integrations";
import { IntegrationsView } from "./integrations-view";
import { WebhookEndpointsView } from "./webhook-endpoints-view";

export const metadata: Metadata = { title: "Integrations" };

export default async function IntegrationsPage() {
  // The settings layout already stops agents; this page lists delivery logs, so check again.
  if (!(await requireAdmin("/settings/integrations"))) return null;
  const [integrations, endpoints] = await Promise.all([listIntegrations(), listEndpoints({ deliveries: 20 })]);
  return (
    <div className="stack">
      <IntegrationsView integrations={integrations} />
      <WebhookEndpointsView endpoints={endpoints} />
    </div>
  );
}
