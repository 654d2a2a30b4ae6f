import { afterEach, describe, expect, it } from "vitest";
import { startJiraReceiver } from "../../../tests/fixtures/helpdesk-receivers/jira";
import { jiraClient, textToAdf } from "./jira";

const creds = { email: "bot@acme.test", apiToken: "jira-token-1" };
let receiver: Awaited<ReturnType<typeof startJiraReceiver>>;
afterEach(() => receiver?.close());

const configFor = (url: string, over: object = {}) => jiraClient.configSchema.parse({ site: "acme", ...creds, baseUrl: url, ...over });

describe("Jira comments", () => {
  it("adds an internal ADF comment to the issue key, with the URL as a link", async () => {
    receiver = await startJiraReceiver({ ...creds, issues: ["SUP-123"] });
    const text = "Recording ready: https://glimpse.test/r/1?t=1m23s.\nOpen it in the console.\n\nLink expires in 7 days.";
    expect(await jiraClient.sendNote(configFor(receiver.url), { ticketRef: "SUP-123", text })).toEqual({ ok: true, status: 201 });
    expect(receiver.accepted).toEqual([{ ticketRef: "SUP-123", text, links: ["https://glimpse.test/r/1?t=1m23s"], internal: true }]);
  });

  it("builds ADF without empty text nodes, whatever the blank lines", () => {
    const doc = textToAdf("\n\nhttps://a.test\n\n\n\nb\n");
    expect(doc).toEqual({
      type: "doc",
      version: 1,
      content: [
        { type: "paragraph", content: [{ type: "text", text: "https://a.test", marks: [{ type: "link", attrs: { href: "https://a.test" } }] }] },
        { type: "paragraph", content: [{ type: "text", text: "b" }] },
      ],
    });
  });

  it("wrong credentials are a 401, not retried", async () => {
    receiver = await startJiraReceiver(creds);
    expect(await jiraClient.sendNote(configFor(receiver.url, { apiToken: "bad" }), { ticketRef: "SUP-1", text: "x" })).toEqual({
      ok: false,
      status: 401,
      retryable: false,
      error: "Jira answered 401: check the account email and the API token",
    });
  });

  it("an unknown issue is a 404, not retried", async () => {
    receiver = await startJiraReceiver({ ...creds, issues: ["SUP-1"] });
    expect(await jiraClient.sendNote(configFor(receiver.url), { ticketRef: "SUP-2", text: "x" })).toMatchObject({ ok: false, status: 404, retryable: false });
  });

  it("429 and 503 with Retry-After are retried after it", async () => {
    receiver = await startJiraReceiver(creds);
    receiver.queueResponse(429, { "retry-after": "5" });
    receiver.queueResponse(503, { "retry-after": "12" });
    const config = configFor(receiver.url);
    expect(await jiraClient.sendNote(config, { ticketRef: "SUP-1", text: "x" })).toMatchObject({ status: 429, retryable: true, retryAfterMs: 5_000 });
    expect(await jiraClient.sendNote(config, { ticketRef: "SUP-1", text: "x" })).toMatchObject({ status: 503, retryable: true, retryAfterMs: 12_000 });
  });

  it("a Retry-After given as an HTTP date is honoured", async () => {
    receiver = await startJiraReceiver(creds);
    receiver.queueResponse(429, { "retry-after": new Date(Date.now() + 90_000).toUTCString() });
    const result = await jiraClient.sendNote(configFor(receiver.url), { ticketRef: "SUP-1", text: "x" });
    expect(result.ok).toBe(false);
    const wait = result.ok ? 0 : result.retryAfterMs!;
    expect(wait).toBeGreaterThan(85_000);
    expect(wait).toBeLessThanOrEqual(90_000);
  });

  it("the receiver refuses a v2-style string body, as Jira's v3 API does", async () => {
    receiver = await startJiraReceiver(creds);
    const auth = `Basic ${Buffer.from(`${creds.email}:${creds.apiToken}`).toString("base64")}`;
    const res = await fetch(`${receiver.url}/rest/api/3/issue/SUP-1/comment`, { method: "POST", headers: { authorization: auth, "content-type": "application/json" }, body: '{"body":"plain"}' });
    expect(res.status).toBe(400);
    expect(receiver.accepted).toEqual([]);
  });

  it("refuses a ticketRef that is not an issue key or id", async () => {
    receiver = await startJiraReceiver(creds);
    expect(await jiraClient.sendNote(configFor(receiver.url), { ticketRef: "SUP-1/../../x", text: "x" })).toMatchObject({ ok: false, retryable: false });
    expect(receiver.received).toEqual([]);
  });
});
