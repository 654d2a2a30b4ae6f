import "server-only";
import { freshdesk } from "./freshdesk";
import { generic } from "./generic";
import { github } from "./github";
import { helpscout } from "./helpscout";
import { intercom } from "./intercom";
import { jira } from "./jira";
import { lookupName } from "./payload";
import type { TWebhookProvider } from "./types";
import { zendesk } from "./zendesk";

export type { TParsedDelivery, TWebhookProvider } from "./types";

/** Every helpdesk Glimpse takes webhooks from, in the order the console lists them. */
export const webhookProviders: readonly TWebhookProvider[] = [zendesk, intercom, freshdesk, helpscout, jira, github, generic];

const BY_ID: Readonly<Record<string, TWebhookProvider>> = Object.fromEntries(webhookProviders.map((p) => [p.id, p]));

/** The id comes from the URL: only the registry's own entries count, so `__proto__` or `constructor` is unknown. */
export function findWebhookProvider(id: string): TWebhookProvider | undefined {
  return lookupName(BY_ID, id);
}
