import "server-only";
import type { WebhookEndpoint } from "../db/models";

/** Never the secret. */
export function serializeEndpoint(e: Omit<WebhookEndpoint, "secretEncrypted">) {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    eventTypes: JSON.parse(e.eventTypes) as string[],
    enabled: e.enabled,
    createdAt: e.createdAt.toISOString(),
  };
}
