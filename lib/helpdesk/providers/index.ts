import "server-only";
import { freshdeskClient } from "./freshdesk";
import { githubClient } from "./github";
import { helpscoutClient } from "./helpscout";
import { intercomClient } from "./intercom";
import { jiraClient } from "./jira";
import type { THelpdeskClient, THelpdeskProvider } from "./types";
import { zendeskClient } from "./zendesk";

export type { THelpdeskClient, THelpdeskProvider, TNote, TSendResult } from "./types";

export const helpdeskClients: Record<THelpdeskProvider, THelpdeskClient<any>> = {
  zendesk: zendeskClient,
  freshdesk: freshdeskClient,
  helpscout: helpscoutClient,
  intercom: intercomClient,
  jira: jiraClient,
  github: githubClient,
};

export const HELPDESK_PROVIDERS = Object.keys(helpdeskClients) as THelpdeskProvider[];

export function helpdeskClient(provider: THelpdeskProvider): THelpdeskClient<any> {
  return helpdeskClients[provider];
}

/** For ids that come from the database or a request: only the registry's own keys count. */
export function isHelpdeskProvider(value: unknown): value is THelpdeskProvider {
  return typeof value === "string" && Object.hasOwn(helpdeskClients, value);
}
