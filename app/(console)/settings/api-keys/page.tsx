import type { Metadata } from "next";
import { listApiKeys } from "@/lib/api-keys/list-api-keys";
import { ApiKeysView } from "./api-keys-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  return <ApiKeysView apiKeys={await listApiKeys()} />;
}
