import type { Metadata } from "next";
import { requireAdmin } from "@/lib/auth";
import { listIntegrations } from "@/lib/webhooks/list-integrations";
import { IntegrationsView } from "./integrations-view";

export const metadata: Metadata = { title: "Integrations" };

export default async function IntegrationsPage() {
  // The settings layout already stops agents; this page lists delivery logs, so check again.
  if (!(await requireAdmin("/settings/integrations"))) return null;
  return <IntegrationsView integrations={await listIntegrations()} />;
}
