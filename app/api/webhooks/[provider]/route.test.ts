import { createHmac, randomBytes } from "node:crypto";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { recordingState, seedTicketWithRecording } from "@/tests/fixtures/retention";
import { runSweeper } from "@/lib/retention/run-sweeper";
import { reopenTicket } from "@/lib/tickets/reopen-ticket";
import { listIntegrations } from "@/lib/webhooks/list-integrations";
import { setWebhookSecret } from "@/lib/webhooks/set-webhook-secret";
import { POST } from "./route";

// Signatures are computed here with node:crypto, independently of lib/webhooks/providers.
const hmac = (alg: "sha1" | "sha256", key: string | Buffer, msg: string) => createHmac(alg, key).update(msg).digest();

const SECRETS = {
  zendesk: "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==",
  intercom: "intercom-client-secret-123",
  helpscout: "helpscout-secret-1234",
  jira: "jira-secret-abcdef",
  github: "github-secret-xyz987",
  freshdesk: "freshdesk-token-0123456789",
  generic: `whsec_${randomBytes(32).toString("base64")}`,
};
type TProvider = keyof typeof SECRETS;

type TSigned = { body: string; headers: Record<string, string> };
type TFixture = {
  source: string;
  externalId: (n: number) => string;
  resolve: (n: number, time: Date) => { body: object; headers?: Record<string, string> };
  reopen: (n: number, time: Date) => { body: object; headers?: Record<string, string> };
  created: (n: number, time: Date) => { body: object; headers?: Record<string, string> };
  sign: (body: string, secret: string, at: Date) => Record<string, string>;
  hasTimestamp: boolean;
};

let seq = 0;
const uid = () => `${Date.now()}-${++seq}`;

const zendeskEvent = (type: string, n: number, time: Date, current?: string, previous?: string) => ({
  type: `zen:event-type:${type}`,
  account_id: 22129848,
  id: `evt-${uid()}`,
  time: time.toISOString(),
  zendesk_event_version: "2022-11-06",
  subject: `zen:ticket:${n}`,
  detail: { id: String(n), status: current ?? "OPEN", subject: "Cannot log in" },
  event: current ? { current, previous } : {},
});

const intercomEvent = (topic: string, n: number, time: Date, state: string) => ({
  type: "notification_event",
  app_id: "a86dr8yl",
  id: `notif_${uid()}`,
  topic,
  created_at: Math.floor(time.getTime() / 1000),
  data: { type: "notification_event_data", item: { type: "conversation", id: String(n), state, updated_at: Math.floor(time.getTime() / 1000) } },
});

const jiraEvent = (webhookEvent: string, n: number, time: Date, category: string) => ({
  timestamp: time.getTime(),
  webhookEvent,
  issue: {
    id: String(10000 + n),
    key: `SUP-${n}`,
    fields: { summary: "Checkout broken", status: { name: category === "done" ? "Done" : "In Progress", statusCategory: { key: category } } },
  },
  changelog: { id: "1", items: [{ field: "status", fieldtype: "jira", from: "3", to: "10001" }] },
});

const githubEvent = (action: string, n: number, time: Date) => ({
  action,
  issue: { id: n, number: n, state: action === "closed" ? "closed" : "open", title: "Bug", updated_at: time.toISOString(), closed_at: action === "closed" ? time.toISOString() : null },
  repository: { id: 1, full_name: "acme/shop" },
  sender: { login: "octocat" },
});

const FIXTURES: Record<TProvider, TFixture> = {
  zendesk: {
    source: "zendesk",
    externalId: (n) => String(n),
    resolve: (n, t) => ({ body: zendeskEvent("ticket.status_changed", n, t, "SOLVED", "OPEN") }),
    reopen: (n, t) => ({ body: zendeskEvent("ticket.status_changed", n, t, "OPEN", "SOLVED") }),
    created: (n, t) => ({ body: zendeskEvent("ticket.created", n, t) }),
    sign: (body, secret, at) => {
      const ts = at.toISOString().replace(/\.\d{3}Z$/, "Z");
      return { "x-zendesk-webhook-signature": hmac("sha256", secret, ts + body).toString("base64"), "x-zendesk-webhook-signature-timestamp": ts };
    },
    hasTimestamp: true,
  },
  intercom: {
    source: "intercom",
    externalId: (n) => String(n),
    resolve: (n, t) => ({ body: intercomEvent("conversation.admin.closed", n, t, "closed") }),
    reopen: (n, t) => ({ body: intercomEvent("conversation.admin.opened", n, t, "open") }),
    created: (n, t) => ({ body: intercomEvent("conversation.user.created", n, t, "open") }),
    sign: (body, secret) => ({ "x-hub-signature": `sha1=${hmac("sha1", secret, body).toString("hex")}` }),
    hasTimestamp: false,
  },
  helpscout: {
    source: "helpscout",
    externalId: (n) => String(n),
    resolve: (n, t) => ({ body: { id: n, number: 4321, status: "closed", subject: "Replay", userUpdatedAt: t.toISOString() }, headers: { "x-helpscout-event": "convo.status" } }),
    reopen: (n, t) => ({ body: { id: n, number: 4321, status: "active", userUpdatedAt: t.toISOString() }, headers: { "x-helpscout-event": "convo.status" } }),
    created: (n, t) => ({ body: { id: n, status: "active", subject: "Replay", createdAt: t.toISOString() }, headers: { "x-helpscout-event": "convo.created" } }),
    sign: (body, secret) => ({ "x-helpscout-signature": hmac("sha1", secret, body).toString("base64") }),
    hasTimestamp: false,
  },
  jira: {
    source: "jira",
    externalId: (n) => `SUP-${n}`,
    resolve: (n, t) => ({ body: jiraEvent("jira:issue_updated", n, t, "done"), headers: { "x-atlassian-webhook-identifier": uid() } }),
    reopen: (n, t) => ({ body: jiraEvent("jira:issue_updated", n, t, "indeterminate"), headers: { "x-atlassian-webhook-identifier": uid() } }),
    created: (n, t) => ({ body: jiraEvent("jira:issue_created", n, t, "new"), headers: { "x-atlassian-webhook-identifier": uid() } }),
    sign: (body, secret) => ({ "x-hub-signature": `sha256=${hmac("sha256", secret, body).toString("hex")}` }),
    hasTimestamp: false,
  },
  github: {
    source: "github",
    externalId: (n) => `acme/shop#${n}`,
    resolve: (n, t) => ({ body: githubEvent("closed", n, t), headers: { "x-github-event": "issues", "x-github-delivery": uid() } }),
    reopen: (n, t) => ({ body: githubEvent("reopened", n, t), headers: { "x-github-event": "issues", "x-github-delivery": uid() } }),
    created: (n, t) => ({ body: githubEvent("opened", n, t), headers: { "x-github-event": "issues", "x-github-delivery": uid() } }),
    sign: (body, secret) => ({ "x-hub-signature-256": `sha256=${hmac("sha256", secret, body).toString("hex")}` }),
    hasTimestamp: false,
  },
  freshdesk: {
    source: "freshdesk",
    externalId: (n) => String(n),
    resolve: (n, t) => ({ body: { event: "ticket.resolved", ticket_id: n, status: "Resolved", updated_at: t.toISOString() } }),
    reopen: (n, t) => ({ body: { event: "ticket.reopened", ticket_id: n, status: "Open", updated_at: t.toISOString() } }),
    created: (n, t) => ({ body: { freshdesk_webhook: { triggered_event: "{ticket_action:created}", ticket_id: String(n), ticket_subject: "Help", ticket_updated_at: t.toISOString() } } }),
    sign: (_body, secret) => ({ "x-glimpse-token": secret }),
    hasTimestamp: false,
  },
  generic: {
    source: "generic",
    externalId: (n) => `G-${n}`,
    resolve: (n, t) => ({ body: { type: "ticket.resolved", timestamp: t.toISOString(), data: { ticketId: `G-${n}` } } }),
    reopen: (n, t) => ({ body: { type: "ticket.reopened", timestamp: t.toISOString(), data: { ticketId: `G-${n}` } } }),
    created: (n, t) => ({ body: { type: "ticket.created", timestamp: t.toISOString(), data: { ticketId: `G-${n}`, subject: "Hi" } } }),
    sign: (body, secret, at) => {
      const id = `msg_${uid()}`;
      const ts = String(Math.floor(at.getTime() / 1000));
      const key = Buffer.from(secret.slice("whsec_".length), "base64");
      const sig = hmac("sha256", key, `${id}.${ts}.${body}`).toString("base64");
      return { "webhook-id": id, "webhook-timestamp": ts, "webhook-signature": `v1,${randomBytes(32).toString("base64")} v1,${sig}` };
    },
    hasTimestamp: true,
  },
};

const PROVIDERS = Object.keys(FIXTURES) as TProvider[];

function signed(provider: TProvider, payload: { body: object; headers?: Record<string, string> }, opts: { secret?: string; at?: Date } = {}): TSigned {
  const body = JSON.stringify(payload.body);
  const headers = { "content-type": "application/json", ...payload.headers, ...FIXTURES[provider].sign(body, opts.secret ?? SECRETS[provider], opts.at ?? new Date()) };
  return { body, headers };
}

async function deliver(provider: string, { body, headers }: TSigned) {
  const req = new Request(`http://glimpse.test/api/webhooks/${provider}`, { method: "POST", headers, body });
  const res = await POST(req, { params: Promise.resolve({ provider }) });
  return { status: res.status, json: (await res.json()) as { ok?: boolean; result?: string; error?: { code: string } } };
}

let next = 1000;
async function seeded(provider: TProvider) {
  const n = ++next;
  const f = FIXTURES[provider];
  const s = await seedTicketWithRecording({ source: f.source, externalId: f.externalId(n) });
  return { n, ...s };
}

async function snapshot(ticketId: string, recordingId: string) {
  const ticket = await db.ticket.findUniqueOrThrow({ where: { id: ticketId } });
  return { ticket: { status: ticket.status, lastEventAt: ticket.lastEventAt, purgeDueAt: ticket.purgeDueAt }, recording: await recordingState(recordingId), tickets: await db.ticket.count() };
}

async function setGrace(minutes: number) {
  await db.setting.upsert({ where: { key: "graceMinutes" }, create: { key: "graceMinutes", value: String(minutes) }, update: { value: String(minutes) } });
}

beforeAll(async () => {
  const admin = { type: "system" as const, label: "test" };
  for (const provider of PROVIDERS) await setWebhookSecret({ providerId: provider, input: { secret: SECRETS[provider] }, actor: admin });
});

beforeEach(async () => {
  await setGrace(0);
});

describe.each(PROVIDERS)("POST /api/webhooks/%s", (provider) => {
  const f = FIXTURES[provider];

  it("accepts a correctly signed resolve and purges the ticket's recordings", async () => {
    const s = await seeded(provider);
    const res = await deliver(provider, signed(provider, f.resolve(s.n, new Date())));
    expect(res).toMatchObject({ status: 200, json: { ok: true, result: "applied" } });
    expect(await recordingState(s.recording.id)).toEqual({ status: "purged", hasKey: false, chunks: 0 });
    expect((await db.ticket.findUniqueOrThrow({ where: { id: s.ticket.id } })).status).toBe("resolved");
  });

  it("rejects a body changed by one byte with 401 and changes nothing", async () => {
    const s = await seeded(provider);
    const other = await seeded(provider);
    const good = signed(provider, f.resolve(s.n, new Date()));
    const tampered = { ...good, body: good.body.replace(String(s.n), String(other.n)) };
    expect(tampered.body.length).toBe(good.body.length);
    const before = [await snapshot(s.ticket.id, s.recording.id), await snapshot(other.ticket.id, other.recording.id)];
    const res = await deliver(provider, tampered);
    if (provider === "freshdesk") {
      // Freshdesk does not sign bodies: only the shared token protects it, so the body is trusted.
      expect(res.status).toBe(200);
      return;
    }
    expect(res).toMatchObject({ status: 401, json: { error: { code: "unauthorized" } } });
    expect([await snapshot(s.ticket.id, s.recording.id), await snapshot(other.ticket.id, other.recording.id)]).toEqual(before);
  });

  it("rejects a wrong secret with 401 and changes nothing", async () => {
    const s = await seeded(provider);
    const wrong = provider === "generic" ? `whsec_${randomBytes(32).toString("base64")}` : `${SECRETS[provider]}x`;
    const before = await snapshot(s.ticket.id, s.recording.id);
    const res = await deliver(provider, signed(provider, f.resolve(s.n, new Date()), { secret: wrong }));
    expect(res).toMatchObject({ status: 401, json: { error: { code: "unauthorized" } } });
    expect(await snapshot(s.ticket.id, s.recording.id)).toEqual(before);
  });

  it.runIf(f.hasTimestamp)("rejects a stale or future timestamp with 401 and changes nothing", async () => {
    const s = await seeded(provider);
    const before = await snapshot(s.ticket.id, s.recording.id);
    for (const offset of [-6 * 60_000, 6 * 60_000]) {
      const at = new Date(Date.now() + offset);
      const res = await deliver(provider, signed(provider, f.resolve(s.n, at), { at }));
      expect(res).toMatchObject({ status: 401, json: { error: { code: "unauthorized" } } });
    }
    expect(await snapshot(s.ticket.id, s.recording.id)).toEqual(before);
    // Inside the window it is accepted.
    const at = new Date(Date.now() - 4 * 60_000);
    expect((await deliver(provider, signed(provider, f.resolve(s.n, at), { at }))).status).toBe(200);
  });

  it("creates an unknown ticket on ticket.created, and reopens a resolved one", async () => {
    const n = ++next;
    const t0 = new Date(Date.now() - 60_000);
    expect((await deliver(provider, signed(provider, f.created(n, t0)))).json.result).toBe("applied");
    const ticket = await db.ticket.findUniqueOrThrow({ where: { source_externalId: { source: f.source, externalId: f.externalId(n) } } });
    expect(ticket.status).toBe("open");
    expect((await deliver(provider, signed(provider, f.resolve(n, new Date(t0.getTime() + 1000))))).json.result).toBe("applied");
    expect((await deliver(provider, signed(provider, f.reopen(n, new Date(t0.getTime() + 2000))))).json.result).toBe("applied");
    expect((await db.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).status).toBe("open");
    expect(await db.auditEntry.count({ where: { ticketId: ticket.id, action: { in: ["ticket.created", "ticket.resolved", "ticket.reopened"] }, actorType: "webhook" } })).toBe(3);
  });

  it("records a resolve for an unknown ticket and does nothing else", async () => {
    const n = ++next;
    const tickets = await db.ticket.count();
    const res = await deliver(provider, signed(provider, f.resolve(n, new Date())));
    expect(res).toMatchObject({ status: 200, json: { result: "ignored" } });
    expect(await db.ticket.count()).toBe(tickets);
    const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { provider }, orderBy: { receivedAt: "desc" } });
    expect(delivery).toMatchObject({ result: "ignored", ticketRef: `${f.source}:${f.externalId(n)}` });
  });

  it("answers 422 to a signed body holding a lone surrogate, and stores nothing of it", async () => {
    const body = JSON.stringify(f.resolve(++next, new Date()).body).replace(/^\{/, '{"note":"\\ud800",');
    const tickets = await db.ticket.count();
    const res = await deliver(provider, { body, headers: { "content-type": "application/json", ...f.resolve(1, new Date()).headers, ...f.sign(body, SECRETS[provider], new Date()) } });
    expect(res).toMatchObject({ status: 422, json: { error: { code: "unprocessable_entity" } } });
    expect(await db.ticket.count()).toBe(tickets);
  });

  it("answers 400 to a signed body that is not JSON", async () => {
    const body = "{not json";
    const res = await deliver(provider, { body, headers: { "content-type": "application/json", ...f.resolve(1, new Date()).headers, ...f.sign(body, SECRETS[provider], new Date()) } });
    expect(res).toMatchObject({ status: 400, json: { error: { code: "bad_request" } } });
  });
});

describe("webhook delivery semantics", () => {
  it("applies a duplicate delivery once", async () => {
    const s = await seeded("zendesk");
    const delivery = signed("zendesk", FIXTURES.zendesk.resolve(s.n, new Date()));
    expect((await deliver("zendesk", delivery)).json.result).toBe("applied");
    expect((await deliver("zendesk", delivery)).json.result).toBe("duplicate");
    expect(await db.auditEntry.count({ where: { ticketId: s.ticket.id, action: "ticket.resolved" } })).toBe(1);
    expect(await db.webhookDelivery.count({ where: { provider: "zendesk", ticketRef: `zendesk:${s.n}`, result: "applied" } })).toBe(1);
  });

  it("applies a duplicate delivery once when the sender has no delivery id (same ticket, status and time)", async () => {
    const s = await seeded("freshdesk");
    const when = new Date();
    const tickets = FIXTURES.freshdesk;
    expect((await deliver("freshdesk", signed("freshdesk", tickets.resolve(s.n, when)))).json.result).toBe("applied");
    expect((await deliver("freshdesk", signed("freshdesk", tickets.resolve(s.n, when)))).json.result).toBe("duplicate");
  });

  it("duplicate deliveries racing each other are applied once", async () => {
    const n = ++next;
    const delivery = signed("generic", FIXTURES.generic.created(n, new Date()));
    const results = await Promise.all([deliver("generic", delivery), deliver("generic", delivery), deliver("generic", delivery)]);
    expect(results.map((r) => r.json.result).sort()).toEqual(["applied", "duplicate", "duplicate"]);
    expect(await db.ticket.count({ where: { source: "generic", externalId: `G-${n}` } })).toBe(1);
  });

  it("a resolve followed by an older reopen delivered late still purges", async () => {
    const s = await seeded("zendesk");
    const resolvedAt = new Date(Date.now() - 60_000);
    expect((await deliver("zendesk", signed("zendesk", FIXTURES.zendesk.resolve(s.n, resolvedAt)))).json.result).toBe("applied");
    const late = await deliver("zendesk", signed("zendesk", FIXTURES.zendesk.reopen(s.n, new Date(resolvedAt.getTime() - 30_000))));
    expect(late.json.result).toBe("stale");
    const ticket = await db.ticket.findUniqueOrThrow({ where: { id: s.ticket.id } });
    expect(ticket.status).toBe("resolved");
    expect(ticket.lastEventAt?.toISOString()).toBe(resolvedAt.toISOString());
    expect(await recordingState(s.recording.id)).toEqual({ status: "purged", hasKey: false, chunks: 0 });
  });

  it("with a grace period, a resolve and then an older reopen delivered late still purges when due", async () => {
    await setGrace(10);
    const s = await seeded("github");
    const resolvedAt = new Date();
    expect((await deliver("github", signed("github", FIXTURES.github.resolve(s.n, resolvedAt)))).json.result).toBe("applied");
    expect((await deliver("github", signed("github", FIXTURES.github.reopen(s.n, new Date(resolvedAt.getTime() - 5000))))).json.result).toBe("stale");
    await runSweeper(new Date(resolvedAt.getTime() + 11 * 60_000));
    expect(await recordingState(s.recording.id)).toEqual({ status: "purged", hasKey: false, chunks: 0 });
  });

  it("an event time far in the future counts as now, so it cannot make later events stale", async () => {
    const s = await seeded("generic");
    for (const when of ["9999-12-31T00:00:00.000Z", "+275760-09-13T00:00:00.000Z"]) {
      const body = { type: "ticket.reopened", timestamp: when, data: { ticketId: `G-${s.n}`, occurredAt: when } };
      const res = await deliver("generic", signed("generic", { body }));
      expect(res.status, when).toBe(200);
    }
    expect((await db.ticket.findUniqueOrThrow({ where: { id: s.ticket.id } })).lastEventAt!.getTime()).toBeLessThanOrEqual(Date.now());
    const resolved = await deliver("generic", signed("generic", FIXTURES.generic.resolve(s.n, new Date(Date.now() + 1000))));
    expect(resolved.json.result).toBe("applied");
    expect(await recordingState(s.recording.id)).toEqual({ status: "purged", hasKey: false, chunks: 0 });
  });

  it("grace with a timely reopen keeps the recordings", async () => {
    await setGrace(10);
    const s = await seeded("generic");
    const t = new Date();
    const resolved = await deliver("generic", signed("generic", FIXTURES.generic.resolve(s.n, t)));
    expect(resolved.json).toMatchObject({ result: "applied" });
    expect((await db.ticket.findUniqueOrThrow({ where: { id: s.ticket.id } })).purgeDueAt?.getTime()).toBe(t.getTime() + 10 * 60_000);
    expect((await deliver("generic", signed("generic", FIXTURES.generic.reopen(s.n, new Date(t.getTime() + 1000))))).json.result).toBe("applied");
    await runSweeper(new Date(t.getTime() + 60 * 60_000));
    expect(await recordingState(s.recording.id)).toEqual({ status: "finished", hasKey: true, chunks: 1 });
    expect((await db.ticket.findUniqueOrThrow({ where: { id: s.ticket.id } })).status).toBe("open");
  });

  it("deleted, trashed and spam purge at once, even with a grace period", async () => {
    await setGrace(60);
    const deletions: Array<[TProvider, (n: number) => { body: object; headers?: Record<string, string> }]> = [
      ["zendesk", (n) => ({ body: zendeskEvent("ticket.soft_deleted", n, new Date(), "DELETED") })],
      ["zendesk", (n) => ({ body: zendeskEvent("ticket.marked_as_spam", n, new Date()) })],
      ["helpscout", (n) => ({ body: { id: n }, headers: { "x-helpscout-event": "convo.deleted" } })],
      ["helpscout", (n) => ({ body: { id: n, status: "spam" }, headers: { "x-helpscout-event": "convo.status" } })],
      ["intercom", (n) => ({ body: intercomEvent("conversation.deleted", n, new Date(), "closed") })],
      ["jira", (n) => ({ body: jiraEvent("jira:issue_deleted", n, new Date(), "new"), headers: { "x-atlassian-webhook-identifier": uid() } })],
      ["github", (n) => ({ body: githubEvent("deleted", n, new Date()), headers: { "x-github-event": "issues", "x-github-delivery": uid() } })],
      ["generic", (n) => ({ body: { type: "ticket.deleted", data: { ticketId: `G-${n}` } } })],
    ];
    for (const [provider, payload] of deletions) {
      const s = await seeded(provider);
      const res = await deliver(provider, signed(provider, payload(s.n)));
      expect(res.json.result, provider).toBe("applied");
      expect(await recordingState(s.recording.id), provider).toEqual({ status: "purged", hasKey: false, chunks: 0 });
      expect((await db.recording.findUniqueOrThrow({ where: { id: s.recording.id } })).purgeReason).toBe("ticket_deleted");
    }
  });

  it("acknowledges unknown event types with 2xx and ignores them", async () => {
    const s = await seeded("github");
    const ping = signed("github", { body: { zen: "Keep it logically awesome.", hook_id: 1 }, headers: { "x-github-event": "ping", "x-github-delivery": uid() } });
    expect(await deliver("github", ping)).toMatchObject({ status: 200, json: { result: "ignored" } });
    const comment = signed("zendesk", { body: { ...zendeskEvent("ticket.comment_added", s.n, new Date()) } });
    expect(await deliver("zendesk", comment)).toMatchObject({ status: 200, json: { result: "ignored" } });
    const other = signed("generic", { body: { type: "invoice.paid", data: {} } });
    expect(await deliver("generic", other)).toMatchObject({ status: 200, json: { result: "ignored" } });
    expect(await recordingState(s.recording.id)).toMatchObject({ chunks: 1 });
  });

  it("answers 400 to a known event type without a ticket id", async () => {
    const res = await deliver("generic", signed("generic", { body: { type: "ticket.resolved", data: {} } }));
    expect(res).toMatchObject({ status: 400, json: { error: { code: "bad_request" } } });
    const res2 = await deliver("zendesk", signed("zendesk", { body: { type: "zen:event-type:ticket.status_changed", id: "x", event: { current: "SOLVED" } } }));
    expect(res2.status).toBe(400);
  });

  it("answers 404 to an unknown provider and 401 when a provider has no secret", async () => {
    expect((await deliver("hubspot", { body: "{}", headers: {} })).status).toBe(404);
    await db.integrationSecret.delete({ where: { provider: "jira" } });
    const res = await deliver("jira", signed("jira", FIXTURES.jira.resolve(1, new Date())));
    expect(res).toMatchObject({ status: 401, json: { error: { code: "unauthorized" } } });
    await setWebhookSecret({ providerId: "jira", input: { secret: SECRETS.jira }, actor: { type: "system" } });
  });

  it("the environment variable wins over the secret saved in the console", async () => {
    const fromEnv = "env-secret-for-intercom";
    process.env.GLIMPSE_WEBHOOK_SECRET_INTERCOM = fromEnv;
    try {
      const s = await seeded("intercom");
      const withConsole = await deliver("intercom", signed("intercom", FIXTURES.intercom.resolve(s.n, new Date())));
      expect(withConsole.status).toBe(401);
      const withEnv = await deliver("intercom", signed("intercom", FIXTURES.intercom.resolve(s.n, new Date()), { secret: fromEnv }));
      expect(withEnv.json.result).toBe("applied");
    } finally {
      delete process.env.GLIMPSE_WEBHOOK_SECRET_INTERCOM;
    }
  });

  it("refuses a body over 1 MB", async () => {
    const body = JSON.stringify({ type: "ticket.created", data: { ticketId: "x", pad: "a".repeat(1024 * 1024) } });
    const res = await deliver("generic", { body, headers: { "content-type": "application/json", ...FIXTURES.generic.sign(body, SECRETS.generic, new Date()) } });
    expect(res.status).toBe(413);
  });
});

describe("replayed deliveries", () => {
  const agent = { type: "system" as const, label: "agent in the console" };

  // GitHub and Jira sign only the body: their delivery-id header is not covered by the signature.
  it.each(["github", "jira"] as const)("a captured %s resolve resent with a new delivery id does not purge what was recorded after a reopen", async (provider) => {
    const f = FIXTURES[provider];
    const s = await seeded(provider);
    const captured = signed(provider, f.resolve(s.n, new Date(Date.now() - 60_000)));
    expect((await deliver(provider, captured)).json.result).toBe("applied");
    await reopenTicket({ ticketId: s.ticket.id, actor: agent });
    const after = await seedTicketWithRecording({ source: f.source, externalId: f.externalId(s.n) });
    expect(after.ticket.id).toBe(s.ticket.id);

    const idHeader = provider === "github" ? "x-github-delivery" : "x-atlassian-webhook-identifier";
    const replay = { ...captured, headers: { ...captured.headers, [idHeader]: `replayed-${uid()}` } };
    const res = await deliver(provider, replay);
    expect(res.status).toBe(200);
    expect(res.json.result).toBe("duplicate");
    expect(await recordingState(after.recording.id)).toEqual({ status: "live", hasKey: true, chunks: 1 });
    expect((await db.ticket.findUniqueOrThrow({ where: { id: s.ticket.id } })).status).toBe("open");
  });

  it.each(PROVIDERS)("%s: a resolve that happened before a reopen from the console or the API is stale", async (provider) => {
    const f = FIXTURES[provider];
    const s = await seeded(provider);
    const before = new Date(Date.now() - 60_000);
    await db.ticket.update({ where: { id: s.ticket.id }, data: { status: "resolved", resolvedAt: before } });
    await reopenTicket({ ticketId: s.ticket.id, actor: agent });
    const res = await deliver(provider, signed(provider, f.resolve(s.n, before)));
    expect(res.json.result).toBe("stale");
    expect(await recordingState(s.recording.id)).toEqual({ status: "live", hasKey: true, chunks: 1 });
    // A resolve after the reopen still applies.
    expect((await deliver(provider, signed(provider, f.resolve(s.n, new Date(Date.now() + 1000))))).json.result).toBe("applied");
    expect(await recordingState(s.recording.id)).toEqual({ status: "purged", hasKey: false, chunks: 0 });
  });

  it("a deletion with a time before a reopen from the console is stale", async () => {
    const s = await seeded("zendesk");
    const before = new Date(Date.now() - 60_000);
    await db.ticket.update({ where: { id: s.ticket.id }, data: { status: "resolved", resolvedAt: before } });
    await reopenTicket({ ticketId: s.ticket.id, actor: agent });
    const res = await deliver("zendesk", signed("zendesk", { body: zendeskEvent("ticket.soft_deleted", s.n, before, "DELETED") }));
    expect(res.json.result).toBe("stale");
    expect(await recordingState(s.recording.id)).toEqual({ status: "live", hasKey: true, chunks: 1 });
  });
});

describe("refused deliveries", () => {
  it("are counted per provider, reason and hour, and never stored one row each", async () => {
    const s = await seeded("github");
    const rows = await db.webhookDelivery.count();
    const counted = async () => (await db.webhookRefusal.findMany({ where: { provider: "github" } })).reduce((n, r) => n + r.count, 0);
    const base = await counted();
    for (let i = 0; i < 60; i++) {
      const res = await deliver("github", signed("github", FIXTURES.github.resolve(s.n, new Date()), { secret: `wrong-${i}` }));
      expect(res.status).toBe(401);
    }
    const unsigned = await deliver("github", { body: "{}", headers: { "content-type": "application/json" } });
    expect(unsigned.status).toBe(401);
    expect(await db.webhookDelivery.count()).toBe(rows);
    expect(await counted()).toBe(base + 61);
    expect(await db.webhookRefusal.count({ where: { provider: "github" } })).toBeLessThanOrEqual(4);

    const github = (await listIntegrations()).find((i) => i.provider === "github")!;
    expect(github.refusals).toEqual(expect.arrayContaining([expect.objectContaining({ reason: "signature mismatch", count: expect.any(Number) })]));
    expect(await recordingState(s.recording.id)).toMatchObject({ chunks: 1 });
  });
});
