import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";
import { type TAnswer, ZBaseUrl, ZSecret, callApi, networkFailure, outcome, retryAfterMs, seg, textToHtml } from "./http";
import type { THelpdeskClient, TSendResult } from "./types";

export const ZHelpScoutConfig = z.strictObject({
  clientId: ZSecret,
  clientSecret: ZSecret,
  baseUrl: ZBaseUrl.optional(),
});
export type THelpScoutConfig = z.infer<typeof ZHelpScoutConfig>;

const apiBase = (c: THelpScoutConfig) => c.baseUrl ?? "https://api.helpscout.net";

const rules = {
  label: "Help Scout",
  hints: {
    400: "Help Scout refused the note",
    401: "check the app ID and secret, and that the app's user is still active",
    403: "the app's user may not write to this conversation's inbox",
    404: "conversation not found",
    412: "the conversation has too many threads",
  },
  waitMs: (a: TAnswer) => retryAfterMs(a.headers.get("x-ratelimit-retry-after")) ?? retryAfterMs(a.headers.get("retry-after")),
};

// A token is kept until a minute before Help Scout says it expires (48 h today).
const EXPIRY_MARGIN_MS = 60_000;
type TToken = { value: string; expiresAt: number };
const tokens = new Map<string, TToken>();
const pending = new Map<string, Promise<TToken | TSendResult>>();

const cacheKey = (c: THelpScoutConfig) => createHash("sha256").update(`${apiBase(c)}\n${c.clientId}\n${c.clientSecret}`).digest("hex");

export function clearHelpScoutTokens() {
  tokens.clear();
  pending.clear();
}

async function fetchToken(config: THelpScoutConfig, fetchImpl: typeof fetch): Promise<TToken | TSendResult> {
  const answer = await callApi(fetchImpl, {
    method: "POST",
    url: `${apiBase(config)}/v2/oauth2/token`,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: config.clientId, client_secret: config.clientSecret }).toString(),
  });
  if ("networkError" in answer) return networkFailure(rules.label, answer.networkError);
  const json = answer.json as { access_token?: unknown; expires_in?: unknown } | null;
  if (answer.status === 200 && typeof json?.access_token === "string" && json.access_token) {
    const ttl = typeof json.expires_in === "number" && json.expires_in > 0 ? json.expires_in * 1000 : 0;
    return { value: json.access_token, expiresAt: Date.now() + ttl - EXPIRY_MARGIN_MS };
  }
  if (answer.status === 200) return { ok: false, status: 200, retryable: true, error: "Help Scout's token answer had no access_token" };
  const failed = outcome(answer, { ...rules, hints: { 400: "check the app ID and secret", 401: "check the app ID and secret" } });
  return failed.ok ? { ok: false, status: answer.status, retryable: false, error: `Help Scout answered ${answer.status} to the token request` } : failed;
}

async function accessToken(config: THelpScoutConfig, fetchImpl: typeof fetch, fresh: boolean): Promise<TToken | TSendResult> {
  const key = cacheKey(config);
  const cached = tokens.get(key);
  if (!fresh && cached && cached.expiresAt > Date.now()) return cached;
  tokens.delete(key);
  // Notes sent at the same moment share one token request.
  let request = pending.get(key);
  if (!request) {
    request = fetchToken(config, fetchImpl).finally(() => pending.delete(key));
    pending.set(key, request);
  }
  const token = await request;
  if ("value" in token) tokens.set(key, token);
  return token;
}

type TCall = (token: string) => ReturnType<typeof callApi>;

/** Runs a call with the cached token; a 401 means the token expired or was revoked, so it is renewed once. */
async function withToken(config: THelpScoutConfig, fetchImpl: typeof fetch, call: TCall) {
  for (const fresh of [false, true]) {
    const token = await accessToken(config, fetchImpl, fresh);
    if (!("value" in token)) return token;
    const answer = await call(token.value);
    if (fresh || !("status" in answer) || answer.status !== 401) return answer;
  }
  throw new Error("unreachable");
}

const json = (token: string) => ({ authorization: `Bearer ${token}`, "content-type": "application/json" });

/** A note, or with asDraft an unsent draft reply to the conversation's customer (docs/helpdesk-apis.md#help-scout). */
export const helpscoutClient: THelpdeskClient<THelpScoutConfig> = {
  provider: "helpscout",
  label: "Help Scout",
  configSchema: ZHelpScoutConfig,
  describeConfig: (c) => `${new URL(apiBase(c)).host}, app ${c.clientId.slice(0, 4)}…`,
  async sendNote(config, note, fetchImpl = fetch): Promise<TSendResult> {
    if (!/^\d{1,20}$/.test(note.ticketRef)) return { ok: false, status: null, retryable: false, error: "Help Scout conversation ids are numbers" };
    const conversation = `${apiBase(config)}/v2/conversations/${seg(note.ticketRef)}`;
    const text = textToHtml(note.text);
    let customerId: number | null = null;
    if (note.asDraft) {
      const got = await withToken(config, fetchImpl, (t) => callApi(fetchImpl, { method: "GET", url: conversation, headers: { authorization: `Bearer ${t}` } }));
      if ("ok" in got) return got;
      if ("networkError" in got || got.status !== 200) return outcome(got, rules);
      const id = (got.json as { primaryCustomer?: { id?: unknown } } | null)?.primaryCustomer?.id;
      customerId = typeof id === "number" && Number.isSafeInteger(id) ? id : null;
    }
    const answer = await withToken(config, fetchImpl, (t) =>
      customerId !== null
        ? callApi(fetchImpl, { method: "POST", url: `${conversation}/reply`, headers: json(t), body: JSON.stringify({ customer: { id: customerId }, text, draft: true }) })
        : callApi(fetchImpl, { method: "POST", url: `${conversation}/notes`, headers: json(t), body: JSON.stringify({ text }) }),
    );
    return "ok" in answer ? answer : outcome(answer, rules);
  },
};
