import "server-only";
import { z } from "zod";
import { ZBaseUrl, ZSecret, ZSubdomain, basicAuth, callApi, outcome, safeCode, seg } from "./http";
import type { THelpdeskClient, TSendResult } from "./types";

export const ZZendeskConfig = z.strictObject({
  subdomain: ZSubdomain,
  email: z.email().max(320),
  apiToken: ZSecret,
  baseUrl: ZBaseUrl.optional(),
});
export type TZendeskConfig = z.infer<typeof ZZendeskConfig>;

const apiBase = (c: TZendeskConfig) => c.baseUrl ?? `https://${c.subdomain}.zendesk.com`;

const rules = {
  label: "Zendesk",
  code: (json: unknown) => safeCode((json as { error?: unknown } | null)?.error),
  hints: {
    401: "check the agent email and the API token",
    403: "the agent may not update this ticket",
    404: "ticket not found",
    422: "the ticket refused the comment (closed tickets take no comments)",
  },
  // A 409 is an update that collided with another one on the same ticket.
  retryableStatuses: [409],
};

/** A private comment through Update Ticket; asDraft too, as the API has no drafts (docs/helpdesk-apis.md#zendesk). */
export const zendeskClient: THelpdeskClient<TZendeskConfig> = {
  provider: "zendesk",
  label: "Zendesk",
  configSchema: ZZendeskConfig,
  describeConfig: (c) => `${new URL(apiBase(c)).host} as ${c.email}`,
  async sendNote(config, note, fetchImpl = fetch): Promise<TSendResult> {
    if (!/^\d{1,20}$/.test(note.ticketRef)) return { ok: false, status: null, retryable: false, error: "Zendesk ticket ids are numbers" };
    const answer = await callApi(fetchImpl, {
      method: "PUT",
      url: `${apiBase(config)}/api/v2/tickets/${seg(note.ticketRef)}.json`,
      headers: { authorization: basicAuth(`${config.email}/token`, config.apiToken), "content-type": "application/json" },
      body: JSON.stringify({ ticket: { comment: { body: note.text, public: false } } }),
    });
    return outcome(answer, rules);
  },
};
