import { afterEach, describe, expect, it } from "vitest";
import { startFreshdeskReceiver } from "../../../tests/fixtures/helpdesk-receivers/freshdesk";
import { freshdeskClient } from "./freshdesk";

const apiKey = "fd-key-1";
let receiver: Awaited<ReturnType<typeof startFreshdeskReceiver>>;
afterEach(() => receiver?.close());

const configFor = (url: string, over: object = {}) => freshdeskClient.configSchema.parse({ domain: "acme", apiKey, baseUrl: url, ...over });

describe("Freshdesk notes", () => {
  it("adds a private note whose HTML body shows the text as written", async () => {
    receiver = await startFreshdeskReceiver({ apiKey, tickets: ["11"] });
    const text = "Recording ready:\nhttps://glimpse.test/r/1?t=1m23s&x=1";
    expect(await freshdeskClient.sendNote(configFor(receiver.url), { ticketRef: "11", text })).toEqual({ ok: true, status: 201 });
    expect(receiver.accepted).toHaveLength(1);
    expect(receiver.accepted[0]).toMatchObject({ ticketRef: "11", private: true, text });
    expect(receiver.accepted[0]!.body).toBe("Recording ready:<br>https://glimpse.test/r/1?t=1m23s&amp;x=1");
  });

  it("escapes HTML: a <script> in the text arrives as text, never as markup", async () => {
    receiver = await startFreshdeskReceiver({ apiKey });
    const text = `<script>alert("x")</script> & 'quotes'`;
    expect((await freshdeskClient.sendNote(configFor(receiver.url), { ticketRef: "3", text })).ok).toBe(true);
    const { body } = receiver.accepted[0]!;
    expect(body).not.toContain("<script");
    expect(body).toBe("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;");
    expect(receiver.accepted[0]!.text).toBe(text);
  });

  it("asDraft is a private note too: Freshdesk has no reply drafts", async () => {
    receiver = await startFreshdeskReceiver({ apiKey });
    expect((await freshdeskClient.sendNote(configFor(receiver.url), { ticketRef: "3", text: "d", asDraft: true })).ok).toBe(true);
    expect(receiver.accepted[0]!.private).toBe(true);
  });

  it("a wrong API key is a 401 with Freshdesk's code, not retried", async () => {
    receiver = await startFreshdeskReceiver({ apiKey });
    const result = await freshdeskClient.sendNote(configFor(receiver.url, { apiKey: "nope" }), { ticketRef: "3", text: "private words" });
    expect(result).toEqual({ ok: false, status: 401, retryable: false, error: "Freshdesk answered 401 (invalid_credentials): check the API key" });
  });

  it("an unknown ticket is a 404, not retried", async () => {
    receiver = await startFreshdeskReceiver({ apiKey, tickets: ["1"] });
    expect(await freshdeskClient.sendNote(configFor(receiver.url), { ticketRef: "2", text: "x" })).toEqual({
      ok: false,
      status: 404,
      retryable: false,
      error: "Freshdesk answered 404: ticket not found",
    });
  });

  it("a 429 with Retry-After is retried after it; a 5xx is retried", async () => {
    receiver = await startFreshdeskReceiver({ apiKey });
    receiver.queueResponse(429, { "retry-after": "17", "x-ratelimit-total": "400", "x-ratelimit-remaining": "0" });
    receiver.queueResponse(500);
    const config = configFor(receiver.url);
    expect(await freshdeskClient.sendNote(config, { ticketRef: "1", text: "x" })).toMatchObject({ ok: false, status: 429, retryable: true, retryAfterMs: 17_000 });
    expect(await freshdeskClient.sendNote(config, { ticketRef: "1", text: "x" })).toMatchObject({ ok: false, status: 500, retryable: true });
    expect(receiver.accepted).toEqual([]);
  });

  it("the receiver answers Freshdesk's 400 to a note without a body and 415 to a body that is not JSON", async () => {
    receiver = await startFreshdeskReceiver({ apiKey });
    const auth = `Basic ${Buffer.from(`${apiKey}:X`).toString("base64")}`;
    const noBody = await fetch(`${receiver.url}/api/v2/tickets/1/notes`, { method: "POST", headers: { authorization: auth, "content-type": "application/json" }, body: "{}" });
    expect(noBody.status).toBe(400);
    expect((await noBody.json()).errors[0]).toMatchObject({ field: "body", code: "missing_field" });
    const form = await fetch(`${receiver.url}/api/v2/tickets/1/notes`, { method: "POST", headers: { authorization: auth }, body: "body=x" });
    expect(form.status).toBe(415);
  });

  it("describes the config by host only", () => {
    expect(freshdeskClient.describeConfig(freshdeskClient.configSchema.parse({ domain: "acme", apiKey }))).toBe("acme.freshdesk.com");
  });
});
