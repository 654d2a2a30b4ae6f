import "server-only";
import { freshdeskClient } from "./freshdesk";
import type { THelpdeskClient, THelpdeskProvider } from "./types";
import { zendeskClient } from "./zendesk";

// Stand-in until h/providers commits its own registry with every helpdesk: take theirs on merge.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const helpdeskClients: Partial<Record<THelpdeskProvider, THelpdeskClient<any>>> = { zendesk: zendeskClient, freshdesk: freshdeskClient };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function helpdeskClient(provider: THelpdeskProvider): THelpdeskClient<any> {
  const client = helpdeskClients[provider];
  if (!client) throw new Error(`no helpdesk client for ${provider}`);
  return client;
}
