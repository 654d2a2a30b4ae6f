import "server-only";
import type { HelpdeskConnection } from "../db/models";
import { helpdeskClient } from "./providers";
import type { THelpdeskProvider } from "./providers/types";

/** Never the configuration: only the summary the provider writes without its secrets. */
export function serializeConnection(c: Omit<HelpdeskConnection, "configEncrypted">) {
  return {
    id: c.id,
    provider: c.provider,
    label: helpdeskClient(c.provider as THelpdeskProvider).label,
    summary: c.summary,
    siteId: c.siteId,
    enabled: c.enabled,
    createdAt: c.createdAt.toISOString(),
  };
}
export type TConnectionView = ReturnType<typeof serializeConnection>;
