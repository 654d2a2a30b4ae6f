import "server-only";
import { z } from "zod";
import { ZBaseUrl, ZSecret, ZSubdomain, basicAuth, callApi, outcome, safeCode, seg, textToHtml } from "./http";
import type { THelpdeskClient, TSendResult } from "./types";

export const ZFreshdeskConfig = z.strictObject({
  domain: ZSubdomain,
  apiKey: ZSecret,
  baseUrl: ZBaseUrl.optional(),
});
export type TFreshdeskConfig = z.infer<typeof ZFreshdeskConfig>;

const apiBase = (c: TFreshdeskConfig) => c.baseUrl ?? `https://${c.domain}.freshdesk.com`;

function errorCode(json: unknown): string | null {
  const j = json as { code?: unknown; errors?: Array<{ code?: unknown }> } | null;
  return safeCode(j?.code) ?? safeCode(Array.isArray(j?.errors) ? j.errors[0]?.code : null);
}

const rules = {
  label: "Freshdesk",
  code: errorCode,
  hints: {
    400: "the note was refused as invalid",
    401: "check the API key",
    403: "the agent may not add notes to this ticket",
    404: "ticket not found",
  },
};

/** A private note with an escaped HTML body; asDraft too, as the API has no drafts (docs/helpdesk-apis.md#freshdesk). */
export const freshdeskClient: THelpdeskClient<TFreshdeskConfig> = {
  provider: "freshdesk",
  label: "Freshdesk",
  configSchema: ZFreshdeskConfig,
  describeConfig: (c) => new URL(apiBase(c)).host,
  async sendNote(config, note, fetchImpl = fetch): Promise<TSendResult> {
    if (!/^\d{1,20}$/.test(note.ticketRef)) return { ok: false, status: null, retryable: false, error: "Freshdesk ticket ids are numbers" };
    const answer = await callApi(fetchImpl, {
      method: "POST",
      url: `${apiBase(config)}/api/v2/tickets/${seg(note.ticketRef)}/notes`,
      headers: { authorization: basicAuth(config.apiKey, "X"), "content-type": "application/json" },
      body: JSON.stringify({ body: textToHtml(note.text), private: true }),
    });
    return outcome(answer, rules);
  },
};
