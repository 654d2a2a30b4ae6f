import { afterEach, describe, expect, it } from "vitest";
import { startZendeskReceiver } from "../../../tests/fixtures/helpdesk-receivers/zendesk";
import { zendeskClient } from "./zendesk";

const creds = { email: "agent@acme.test", apiToken: "zd-token-1" };
let receiver: Awaited<ReturnType<typeof startZendeskReceiver>>;
afterEach(() => receiver?.close());

const configFor = (url: string, over: object = {}) => zendeskClient.configSchema.parse({ subdomain: "acme", ...creds, baseUrl: url, ...over });

describe("Zendesk notes", () => {
  it("adds a private comment to the ticket the webhook named", async () => {
    receiver = await startZendeskReceiver({ ...creds, tickets: ["5158"] });
    const result = await zendeskClient.sendNote(configFor(receiver.url), { ticketRef: "5158", text: "Recording ready: https://glimpse.test/r/1" });
    expect(result).toEqual({ ok: true, status: 200 });
    expect(receiver.accepted).toEqual([{ ticketRef: "5158", text: "Recording ready: https://glimpse.test/r/1", public: false }]);
    expect(receiver.received[0]!.method).toBe("PUT");
    expect(receiver.received[0]!.path).toBe("/api/v2/tickets/5158.json");
  });

  it("asDraft is a private comment too: Zendesk has no reply drafts", async () => {
    receiver = await startZendeskReceiver(creds);
    expect((await zendeskClient.sendNote(configFor(receiver.url), { ticketRef: "7", text: "draft", asDraft: true })).ok).toBe(true);
    expect(receiver.accepted[0]!.public).toBe(false);
  });

  it("wrong credentials: a 401 that is not retried and names what to check", async () => {
    receiver = await startZendeskReceiver(creds);
    const result = await zendeskClient.sendNote(configFor(receiver.url, { apiToken: "wrong" }), { ticketRef: "1", text: "secret note text" });
    expect(result).toEqual({ ok: false, status: 401, retryable: false, error: "Zendesk answered 401: check the agent email and the API token" });
    expect(receiver.accepted).toEqual([]);
  });

  it("an unknown ticket is a 404 with Zendesk's error code, not retried", async () => {
    receiver = await startZendeskReceiver({ ...creds, tickets: ["1"] });
    const result = await zendeskClient.sendNote(configFor(receiver.url), { ticketRef: "2", text: "x" });
    expect(result).toEqual({ ok: false, status: 404, retryable: false, error: "Zendesk answered 404 (RecordNotFound): ticket not found" });
  });

  it("a 429 with Retry-After is retried after that many seconds", async () => {
    receiver = await startZendeskReceiver(creds);
    receiver.queueResponse(429, { "retry-after": "93" }, "Rate limit exceeded");
    const result = await zendeskClient.sendNote(configFor(receiver.url), { ticketRef: "1", text: "x" });
    expect(result).toMatchObject({ ok: false, status: 429, retryable: true, retryAfterMs: 93_000 });
  });

  it("a 5xx, a 409 conflict and a refused connection are retried", async () => {
    receiver = await startZendeskReceiver(creds);
    receiver.queueResponse(502);
    receiver.queueResponse(409, {}, { error: "UpdateConflict" });
    const config = configFor(receiver.url);
    expect(await zendeskClient.sendNote(config, { ticketRef: "1", text: "x" })).toMatchObject({ ok: false, status: 502, retryable: true });
    expect(await zendeskClient.sendNote(config, { ticketRef: "1", text: "x" })).toMatchObject({ ok: false, status: 409, retryable: true });
    await receiver.close();
    const refused = await zendeskClient.sendNote(config, { ticketRef: "1", text: "x" });
    expect(refused).toMatchObject({ ok: false, status: null, retryable: true });
    expect(refused.ok || refused.error).toMatch(/^Zendesk could not be reached: network error/);
  });

  it("refuses a ticketRef that is not a Zendesk id without calling Zendesk", async () => {
    receiver = await startZendeskReceiver(creds);
    const result = await zendeskClient.sendNote(configFor(receiver.url), { ticketRef: "../users/1", text: "x" });
    expect(result).toMatchObject({ ok: false, retryable: false });
    expect(receiver.received).toEqual([]);
  });

  it("the receiver refuses a comment without public: false being a note, and a body without a comment", async () => {
    receiver = await startZendeskReceiver(creds);
    const auth = `Basic ${Buffer.from(`${creds.email}/token:${creds.apiToken}`).toString("base64")}`;
    const put = (body: unknown) => fetch(`${receiver.url}/api/v2/tickets/1.json`, { method: "PUT", headers: { authorization: auth, "content-type": "application/json" }, body: JSON.stringify(body) });
    expect((await put({ ticket: {} })).status).toBe(422);
    expect((await put({ ticket: { comment: { body: "hi" } } })).status).toBe(200);
    expect(receiver.accepted).toEqual([{ ticketRef: "1", text: "hi", public: true }]);
  });

  it("describes the config without the token, and checks it", () => {
    const config = zendeskClient.configSchema.parse({ subdomain: "Acme", ...creds });
    expect(zendeskClient.describeConfig(config)).toBe("acme.zendesk.com as agent@acme.test");
    expect(zendeskClient.describeConfig(config)).not.toContain(creds.apiToken);
    expect(zendeskClient.configSchema.safeParse({ subdomain: "acme.evil.com", ...creds }).success).toBe(false);
    expect(zendeskClient.configSchema.safeParse({ subdomain: "acme", ...creds, baseUrl: "ftp://x" }).success).toBe(false);
  });
});
