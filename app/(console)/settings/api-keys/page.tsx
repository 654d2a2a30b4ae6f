import type { Metadata } from "next";
import { requireAdmin } from "@/lib/auth";
import { listApiKeys } from "@/lib/api-keys/list-api-keys";
import { ApiKeysView } from "./api-keys-view";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  if (!(await requireAdmin("/settings/api-keys"))) return null;
  return <ApiKeysView apiKeys={await listApiKeys()} />;
}
