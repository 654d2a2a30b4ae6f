import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHelpScoutReceiver } from "../../../tests/fixtures/helpdesk-receivers/helpscout";
import { clearHelpScoutTokens, helpscoutClient } from "./helpscout";

const app = { clientId: "hs-app-id-1", clientSecret: "hs-app-secret-1" };
let receiver: Awaited<ReturnType<typeof startHelpScoutReceiver>>;
beforeEach(() => clearHelpScoutTokens());
afterEach(() => receiver?.close());

const configFor = (url: string, over: object = {}) => helpscoutClient.configSchema.parse({ ...app, baseUrl: url, ...over });
const paths = () => receiver.received.map((r) => `${r.method} ${r.path}`);

describe("Help Scout notes", () => {
  it("gets a client-credentials token, then adds a note to the conversation", async () => {
    receiver = await startHelpScoutReceiver({ ...app, conversations: { "123": 55 } });
    const text = "Recording ready:\nhttps://glimpse.test/r/1?a=1&b=2";
    expect(await helpscoutClient.sendNote(configFor(receiver.url), { ticketRef: "123", text })).toEqual({ ok: true, status: 201 });
    expect(receiver.accepted).toEqual([{ ticketRef: "123", kind: "note", text }]);
    expect(paths()).toEqual(["POST /v2/oauth2/token", "POST /v2/conversations/123/notes"]);
    const form = new URLSearchParams(receiver.received[0]!.body);
    expect(Object.fromEntries(form)).toEqual({ grant_type: "client_credentials", client_id: app.clientId, client_secret: app.clientSecret });
  });

  it("keeps the token until it expires: three notes, one token request", async () => {
    receiver = await startHelpScoutReceiver(app);
    const config = configFor(receiver.url);
    await Promise.all([1, 2].map((n) => helpscoutClient.sendNote(config, { ticketRef: String(n), text: "x" })));
    await helpscoutClient.sendNote(config, { ticketRef: "3", text: "x" });
    expect(receiver.tokensIssued).toBe(1);
    expect(receiver.accepted).toHaveLength(3);
  });

  it("asks for a new token once it has expired", async () => {
    receiver = await startHelpScoutReceiver({ ...app, tokenTtlSeconds: 60 });
    const config = configFor(receiver.url);
    await helpscoutClient.sendNote(config, { ticketRef: "1", text: "x" });
    await helpscoutClient.sendNote(config, { ticketRef: "1", text: "x" });
    // A 60 s token is within the one-minute margin, so it is never reused.
    expect(receiver.tokensIssued).toBe(2);
  });

  it("a 401 on the note renews the token once and sends the note again", async () => {
    receiver = await startHelpScoutReceiver(app);
    const config = configFor(receiver.url);
    await helpscoutClient.sendNote(config, { ticketRef: "1", text: "first" });
    receiver.expireTokens();
    expect(await helpscoutClient.sendNote(config, { ticketRef: "1", text: "second" })).toEqual({ ok: true, status: 201 });
    expect(paths()).toEqual(["POST /v2/oauth2/token", "POST /v2/conversations/1/notes", "POST /v2/conversations/1/notes", "POST /v2/oauth2/token", "POST /v2/conversations/1/notes"]);
    expect(receiver.accepted.map((n) => n.text)).toEqual(["first", "second"]);
  });

  it("a 401 with a fresh token is not retried again", async () => {
    receiver = await startHelpScoutReceiver(app);
    receiver.queueResponse(200, {}, { token_type: "bearer", access_token: "not-live", expires_in: 172800 });
    receiver.queueResponse(401, {}, { error: "invalid_token" });
    receiver.queueResponse(200, {}, { token_type: "bearer", access_token: "not-live-either", expires_in: 172800 });
    const result = await helpscoutClient.sendNote(configFor(receiver.url), { ticketRef: "1", text: "x" });
    expect(result).toMatchObject({ ok: false, status: 401, retryable: false });
    expect(receiver.received).toHaveLength(4);
  });

  it("wrong app credentials: the token request's 401 is not retried", async () => {
    receiver = await startHelpScoutReceiver(app);
    const result = await helpscoutClient.sendNote(configFor(receiver.url, { clientSecret: "wrong" }), { ticketRef: "1", text: "x" });
    expect(result).toEqual({ ok: false, status: 401, retryable: false, error: "Help Scout answered 401: check the app ID and secret" });
    expect(paths()).toEqual(["POST /v2/oauth2/token"]);
  });

  it("asDraft: a draft reply to the conversation's customer, which Help Scout does not send", async () => {
    receiver = await startHelpScoutReceiver({ ...app, conversations: { "123": 55, "124": null } });
    const config = configFor(receiver.url);
    expect(await helpscoutClient.sendNote(config, { ticketRef: "123", text: "Your recording link", asDraft: true })).toEqual({ ok: true, status: 201 });
    expect(receiver.accepted).toEqual([{ ticketRef: "123", kind: "draft", customerId: 55, text: "Your recording link" }]);
    expect(paths()).toEqual(["POST /v2/oauth2/token", "GET /v2/conversations/123", "POST /v2/conversations/123/reply"]);
    expect(await helpscoutClient.sendNote(config, { ticketRef: "124", text: "no customer", asDraft: true })).toEqual({ ok: true, status: 201 });
    expect(receiver.accepted[1]).toEqual({ ticketRef: "124", kind: "note", text: "no customer" });
  });

  it("an unknown conversation is a 404, not retried", async () => {
    receiver = await startHelpScoutReceiver({ ...app, conversations: {} });
    expect(await helpscoutClient.sendNote(configFor(receiver.url), { ticketRef: "9", text: "x" })).toEqual({
      ok: false,
      status: 404,
      retryable: false,
      error: "Help Scout answered 404: conversation not found",
    });
  });

  it("a 429 waits X-RateLimit-Retry-After; a 5xx is retried; neither spends the token", async () => {
    receiver = await startHelpScoutReceiver(app);
    const config = configFor(receiver.url);
    await helpscoutClient.sendNote(config, { ticketRef: "1", text: "x" });
    receiver.queueResponse(429, { "x-ratelimit-retry-after": "42", "x-ratelimit-remaining-minute": "0" });
    receiver.queueResponse(503);
    expect(await helpscoutClient.sendNote(config, { ticketRef: "1", text: "x" })).toMatchObject({ ok: false, status: 429, retryable: true, retryAfterMs: 42_000 });
    expect(await helpscoutClient.sendNote(config, { ticketRef: "1", text: "x" })).toMatchObject({ ok: false, status: 503, retryable: true });
    expect(receiver.tokensIssued).toBe(1);
  });

  it("the token endpoint being down is retryable", async () => {
    receiver = await startHelpScoutReceiver(app);
    receiver.queueResponse(502);
    expect(await helpscoutClient.sendNote(configFor(receiver.url), { ticketRef: "1", text: "x" })).toMatchObject({ ok: false, status: 502, retryable: true });
  });

  it("describes the config without the secret", () => {
    const text = helpscoutClient.describeConfig(helpscoutClient.configSchema.parse(app));
    expect(text).toBe("api.helpscout.net, app hs-a…");
    expect(text).not.toContain(app.clientSecret);
  });
});
