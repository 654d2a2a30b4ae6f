import type { Metadata } from "next";
import { requireAdmin } from "@/lib/auth";
import { connectionForms } from "@/lib/helpdesk/connection-forms";
import { listConnections } from "@/lib/helpdesk/list-connections";
import { listEndpoints } from "@/lib/outbound/list-endpoints";
import { listSites } from "@/lib/sites/list-sites";
import { listIntegrations } from "@/lib/webhooks/list-integrations";
import { HelpdeskConnectionsView } from "./helpdesk-connections-view";
import { IntegrationsView } from "./integrations-view";
import { WebhookEndpointsView } from "./webhook-endpoints-view";

export const metadata: Metadata = { title: "Integrations" };

export default async function IntegrationsPage() {
  // The settings layout already stops agents; this page lists delivery logs, so check again.
  if (!(await requireAdmin("/settings/integrations"))) return null;
  const [integrations, endpoints, connections, sites] = await Promise.all([listIntegrations(), listEndpoints({ deliveries: 20 }), listConnections({ deliveries: 20 }), listSites()]);
  return (
    <div className="stack">
      <IntegrationsView integrations={integrations} />
      <HelpdeskConnectionsView connections={connections} forms={connectionForms()} sites={sites.map((s) => ({ id: s.id, name: s.name }))} />
      <WebhookEndpointsView endpoints={endpoints} />
    </div>
  );
}
