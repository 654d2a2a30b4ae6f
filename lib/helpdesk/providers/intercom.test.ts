import { afterEach, describe, expect, it } from "vitest";
import { startIntercomReceiver } from "../../../tests/fixtures/helpdesk-receivers/intercom";
import { INTERCOM_VERSION, intercomClient } from "./intercom";

const accessToken = "ic-token-1";
let receiver: Awaited<ReturnType<typeof startIntercomReceiver>>;
afterEach(() => receiver?.close());

const configFor = (url: string, over: object = {}) => intercomClient.configSchema.parse({ accessToken, adminId: "814860", baseUrl: url, ...over });

describe("Intercom admin notes", () => {
  it("adds an admin note to the conversation, as HTML with the text escaped", async () => {
    receiver = await startIntercomReceiver({ accessToken, adminIds: ["814860"], conversations: ["18994700881"] });
    const text = "Recording ready <b>now</b>:\nhttps://glimpse.test/r/1";
    expect(await intercomClient.sendNote(configFor(receiver.url), { ticketRef: "18994700881", text })).toEqual({ ok: true, status: 200 });
    expect(receiver.accepted).toEqual([
      { ticketRef: "18994700881", kind: "conversation", messageType: "note", adminId: "814860", body: "Recording ready &lt;b&gt;now&lt;/b&gt;:<br>https://glimpse.test/r/1", text },
    ]);
    expect(receiver.received[0]!.headers["intercom-version"]).toBe(INTERCOM_VERSION);
  });

  it("a ticket id (from ticket.* webhooks) gets its note through the ticket reply", async () => {
    receiver = await startIntercomReceiver({ accessToken, adminIds: ["814860"], conversations: [], tickets: ["659"] });
    expect(await intercomClient.sendNote(configFor(receiver.url), { ticketRef: "659", text: "hi", asDraft: true })).toEqual({ ok: true, status: 200 });
    expect(receiver.received.map((r) => r.path)).toEqual(["/conversations/659/reply", "/tickets/659/reply"]);
    expect(receiver.accepted).toMatchObject([{ kind: "ticket", messageType: "note" }]);
  });

  it("an id that is neither is a 404, not retried", async () => {
    receiver = await startIntercomReceiver({ accessToken, adminIds: ["814860"], conversations: [], tickets: [] });
    expect(await intercomClient.sendNote(configFor(receiver.url), { ticketRef: "1", text: "x" })).toEqual({
      ok: false,
      status: 404,
      retryable: false,
      error: "Intercom answered 404 (not_found): conversation or admin not found",
    });
  });

  it("a bad token is a 401 and an unknown admin a 404 with admin_not_found: neither is retried", async () => {
    receiver = await startIntercomReceiver({ accessToken, adminIds: ["814860"] });
    expect(await intercomClient.sendNote(configFor(receiver.url, { accessToken: "nope" }), { ticketRef: "1", text: "x" })).toEqual({
      ok: false,
      status: 401,
      retryable: false,
      error: "Intercom answered 401 (unauthorized): check the access token",
    });
    const unknownAdmin = await intercomClient.sendNote(configFor(receiver.url, { adminId: "1" }), { ticketRef: "1", text: "x" });
    expect(unknownAdmin).toMatchObject({ ok: false, status: 404, retryable: false });
    expect(unknownAdmin.ok || unknownAdmin.error).toContain("admin_not_found");
    expect(receiver.received).toHaveLength(2);
  });

  it("a 429 waits until X-RateLimit-Reset; a 5xx is retried", async () => {
    receiver = await startIntercomReceiver({ accessToken, adminIds: ["814860"] });
    const reset = Math.floor(Date.now() / 1000) + 10;
    receiver.queueResponse(429, { "x-ratelimit-limit": "167", "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) }, { type: "error.list", errors: [{ code: "rate_limit_exceeded", message: "Exceeded rate limit of 167 in 10_seconds" }] });
    receiver.queueResponse(500);
    const config = configFor(receiver.url);
    const limited = await intercomClient.sendNote(config, { ticketRef: "1", text: "x" });
    expect(limited).toMatchObject({ ok: false, status: 429, retryable: true, error: "Intercom answered 429 (rate_limit_exceeded): rate limited, will retry" });
    const wait = limited.ok ? 0 : limited.retryAfterMs!;
    expect(wait).toBeGreaterThan(5_000);
    expect(wait).toBeLessThanOrEqual(10_000);
    expect(await intercomClient.sendNote(config, { ticketRef: "1", text: "x" })).toMatchObject({ ok: false, status: 500, retryable: true });
  });

  it("the receiver refuses a numeric admin_id and a note without body, as Intercom does", async () => {
    receiver = await startIntercomReceiver({ accessToken, adminIds: ["5"] });
    const post = (body: unknown) =>
      fetch(`${receiver.url}/conversations/1/reply`, { method: "POST", headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json" }, body: JSON.stringify(body) });
    expect((await post({ message_type: "note", type: "admin", admin_id: 5, body: "x" })).status).toBe(400);
    expect((await post({ message_type: "note", type: "admin", admin_id: "5" })).status).toBe(400);
    expect(receiver.accepted).toEqual([]);
  });
});
