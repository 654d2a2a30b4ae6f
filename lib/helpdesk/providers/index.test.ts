import { beforeEach, describe, expect, it } from "vitest";
import {
  startFreshdeskReceiver,
  startGitHubReceiver,
  startHelpScoutReceiver,
  startIntercomReceiver,
  startJiraReceiver,
  startZendeskReceiver,
} from "../../../tests/fixtures/helpdesk-receivers";
import { findWebhookProvider } from "../../webhooks/providers";
import { clearHelpScoutTokens } from "./helpscout";
import { HELPDESK_PROVIDERS, helpdeskClient, helpdeskClients, isHelpdeskProvider } from ".";

type TCase = {
  webhook: { headers?: Record<string, string>; body: object };
  externalId: string;
  start: (ref: string) => Promise<{ url: string; accepted: Array<{ ticketRef: string }>; close(): Promise<void> }>;
  config: object;
};

// One real webhook body per helpdesk: the note must land on the ticket that sent it.
const CASES: Record<string, TCase> = {
  zendesk: {
    webhook: { body: { type: "zen:event-type:ticket.status_changed", id: "e-1", subject: "zen:ticket:5158", detail: { id: "5158", status: "SOLVED" }, event: { current: "SOLVED", previous: "OPEN" } } },
    externalId: "5158",
    start: (ref) => startZendeskReceiver({ email: "a@acme.test", apiToken: "tok-0123456789", tickets: [ref] }),
    config: { subdomain: "acme", email: "a@acme.test", apiToken: "tok-0123456789" },
  },
  freshdesk: {
    webhook: { body: { event: "ticket.resolved", ticket_id: 11, status: "Resolved" } },
    externalId: "11",
    start: (ref) => startFreshdeskReceiver({ apiKey: "key-0123456789", tickets: [ref] }),
    config: { domain: "acme", apiKey: "key-0123456789" },
  },
  helpscout: {
    webhook: { headers: { "x-helpscout-event": "convo.status" }, body: { id: 123, status: "closed" } },
    externalId: "123",
    start: (ref) => startHelpScoutReceiver({ clientId: "c", clientSecret: "sec-0123456789", conversations: { [ref]: 55 } }),
    config: { clientId: "c", clientSecret: "sec-0123456789" },
  },
  intercom: {
    webhook: { body: { type: "notification_event", id: "notif_1", topic: "conversation.admin.closed", data: { item: { type: "conversation", id: "18994700881", state: "closed" } } } },
    externalId: "18994700881",
    start: (ref) => startIntercomReceiver({ accessToken: "tok-0123456789", adminIds: ["1"], conversations: [ref] }),
    config: { accessToken: "tok-0123456789", adminId: "1" },
  },
  jira: {
    webhook: {
      body: {
        webhookEvent: "jira:issue_updated",
        issue: { key: "SUP-123", fields: { status: { name: "Done", statusCategory: { key: "done" } } } },
        changelog: { items: [{ field: "status", from: "1", to: "2" }] },
      },
    },
    externalId: "SUP-123",
    start: (ref) => startJiraReceiver({ email: "a@acme.test", apiToken: "tok-0123456789", issues: [ref] }),
    config: { site: "acme", email: "a@acme.test", apiToken: "tok-0123456789" },
  },
  github: {
    webhook: { headers: { "x-github-event": "issues" }, body: { action: "closed", issue: { number: 1347, state: "closed" }, repository: { full_name: "octocat/Hello-World" } } },
    externalId: "octocat/Hello-World#1347",
    start: (ref) => startGitHubReceiver({ token: "tok-0123456789", issues: [ref] }),
    config: { token: "tok-0123456789" },
  },
};

beforeEach(() => clearHelpScoutTokens());

describe("the helpdesk client registry", () => {
  it("has a client for every helpdesk that sends webhooks, under the same id", () => {
    expect(HELPDESK_PROVIDERS).toEqual(["zendesk", "freshdesk", "helpscout", "intercom", "jira", "github"]);
    for (const p of HELPDESK_PROVIDERS) {
      expect(helpdeskClient(p)).toBe(helpdeskClients[p]);
      expect(helpdeskClient(p).provider).toBe(p);
      expect(findWebhookProvider(p)?.id).toBe(p);
    }
  });

  it.each(["__proto__", "constructor", "generic", "Zendesk", ""])("%s is not a helpdesk with a client", (id) => {
    expect(isHelpdeskProvider(id)).toBe(false);
  });

  it.each(Object.keys(CASES))("%s: the note goes to the ticket its webhook named", async (provider) => {
    const c = CASES[provider]!;
    const parsed = findWebhookProvider(provider)!.parse({ headers: new Headers(c.webhook.headers), body: c.webhook.body });
    expect(parsed.event?.source).toBe(provider);
    const ticketRef = parsed.event!.externalId;
    expect(ticketRef).toBe(c.externalId);
    const receiver = await c.start(ticketRef);
    try {
      const client = helpdeskClient(provider as never);
      const config = client.configSchema.parse({ ...c.config, baseUrl: receiver.url });
      expect(await client.sendNote(config, { ticketRef, text: "Recording ready" })).toMatchObject({ ok: true });
      expect(receiver.accepted.map((n) => n.ticketRef)).toEqual([ticketRef]);
    } finally {
      await receiver.close();
    }
  });

  it("no error text carries the note or a credential", async () => {
    const text = "private words https://glimpse.test/r/secret-link";
    for (const provider of Object.keys(CASES)) {
      const c = CASES[provider]!;
      const receiver = await c.start("nothing-matches");
      try {
        const client = helpdeskClient(provider as never);
        const config = client.configSchema.parse({ ...c.config, baseUrl: receiver.url });
        const result = await client.sendNote(config, { ticketRef: c.externalId, text });
        expect(result.ok, provider).toBe(false);
        const error = result.ok ? "" : result.error;
        expect(error).toMatch(/^\S.* answered 40\d/);
        const secrets = Object.entries(c.config).filter(([k]) => /token|key|secret/i.test(k)).map(([, v]) => String(v));
        expect(secrets.length, provider).toBeGreaterThan(0);
        for (const s of [text, "secret-link", ...secrets]) expect(error, provider).not.toContain(s);
      } finally {
        await receiver.close();
      }
    }
  });
});
