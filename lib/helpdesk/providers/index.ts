import "server-only";
import { freshdeskClient } from "./freshdesk";
import { githubClient } from "./github";
import { helpscoutClient } from "./helpscout";
import { intercomClient } from "./intercom";
import { jiraClient } from "./jira";
import type { THelpdeskClient, THelpdeskProvider } from "./types";
import { zendeskClient } from "./zendesk";

// Stand-in until h/providers commits its own registry: take theirs on merge.
export const helpdeskClients: Partial<Record<THelpdeskProvider, THelpdeskClient<any>>> = {
  zendesk: zendeskClient,
  freshdesk: freshdeskClient,
  helpscout: helpscoutClient,
  intercom: intercomClient,
  jira: jiraClient,
  github: githubClient,
};

export function helpdeskClient(provider: THelpdeskProvider): THelpdeskClient<any> {
  const client = helpdeskClients[provider];
  if (!client) throw new Error(`no helpdesk client for ${provider}`);
  return client;
}
