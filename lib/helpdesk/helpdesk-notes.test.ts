import { databaseHolds } from "@/tests/support/postgres-test-db";
import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { POST as postEvents } from "@/app/api/recorder/sessions/[id]/events/route";
import { POST as postFinish } from "@/app/api/recorder/sessions/[id]/finish/route";
import { POST as postSession } from "@/app/api/recorder/sessions/route";
import { decideConsent } from "@/lib/consent/decide-consent";
import { findLinkByToken } from "@/lib/consent/find-link-by-token";
import { noticeForLink } from "@/lib/consent/notice-for-link";
import { db } from "@/lib/db";
import { dispatchDeliveries } from "@/lib/outbound/dispatch-deliveries";
import { createEndpoint } from "@/lib/outbound/create-endpoint";
import { listDeliveries } from "@/lib/outbound/list-deliveries";
import { resendDelivery } from "@/lib/outbound/resend-delivery";
import { momentUrl } from "@/lib/recordings/moment";
import { ensureDemoSite } from "@/lib/sites/ensure-demo-site";
import { handleWebhook } from "@/lib/webhooks/handle-webhook";
import { setWebhookSecret } from "@/lib/webhooks/set-webhook-secret";
import { startZendeskReceiver } from "@/tests/fixtures/helpdesk-receivers/zendesk";
import { deadPort, startReceiver } from "@/tests/fixtures/webhook-receiver";
import { createConnection } from "./create-connection";
import { ERASED_NOTE } from "./send-helpdesk-note";

const ROOT = path.resolve(import.meta.dirname, "../..");
const system = { type: "system" as const, label: "test" };
const SECOND = 1000;
const HOUR = 3_600_000;
const ZENDESK = { email: "agent@example.test", apiToken: "zd-token-0123456789" };
const WEBHOOK_SECRET = "zendesk-signing-secret-0123456789";

type TZendeskReceiver = Awaited<ReturnType<typeof startZendeskReceiver>>;
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
  await db.helpdeskConnection.deleteMany();
  await db.webhookEndpoint.deleteMany();
  await db.outboundEvent.deleteMany();
});

async function zendesk() {
  const r = await startZendeskReceiver(ZENDESK);
  closers.push(() => r.close());
  const connection = await createConnection({ input: { provider: "zendesk", config: { subdomain: "acme", ...ZENDESK, baseUrl: r.url }, siteId: null }, actor: system });
  await setWebhookSecret({ providerId: "zendesk", input: { secret: WEBHOOK_SECRET }, actor: system });
  return { r, connection };
}

let webhookSeq = 0;
/** A Zendesk webhook as Zendesk signs it: base64 HMAC-SHA256 of timestamp + body. */
function zendeskWebhook(body: object, now = new Date()) {
  const raw = Buffer.from(JSON.stringify(body));
  const timestamp = now.toISOString().replace(/\.\d+Z$/, "Z");
  const signature = createHmac("sha256", WEBHOOK_SECRET).update(timestamp).update(raw).digest("base64");
  const headers = new Headers({ "content-type": "application/json", "x-zendesk-webhook-signature": signature, "x-zendesk-webhook-signature-timestamp": timestamp });
  return handleWebhook({ providerId: "zendesk", headers, raw, now });
}

function tagAdded(ticketId: string, id = `evt-${++webhookSeq}`) {
  return zendeskWebhook({
    type: "zen:event-type:ticket.tags_changed",
    id,
    time: new Date().toISOString(),
    subject: `zen:ticket:${ticketId}`,
    detail: { id: ticketId, status: "OPEN", subject: "Checkout broken" },
    event: { tags_added: ["glimpse-record"], tags_removed: [] },
  });
}

function solved(ticketId: string) {
  return zendeskWebhook({
    type: "zen:event-type:ticket.status_changed",
    id: `evt-${++webhookSeq}`,
    time: new Date().toISOString(),
    subject: `zen:ticket:${ticketId}`,
    detail: { id: ticketId, status: "SOLVED" },
    event: { current: "SOLVED", previous: "OPEN" },
  });
}

async function call(handler: (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>, url: string, init: RequestInit, params: Record<string, string> = {}) {
  const res = await handler(new Request(`http://glimpse.test${url}`, { method: "POST", ...init }), { params: Promise.resolve(params) });
  return { status: res.status, json: (await res.json()) as any };
}

/** The customer opens the link, accepts, and records one batch with a console error 1.5 s in, then finishes. */
async function acceptAndRecord(linkUrl: string, canary: string) {
  const token = new URL(linkUrl).pathname.split("/r/")[1]!;
  const notice = (await noticeForLink({ link: (await findLinkByToken(token))!, language: "en" }))!;
  const outcome = await decideConsent({ token, form: { decision: "accept", lang: "en", noticeVersion: notice.version, siteNoticeVersion: notice.siteVersion, noticeHash: notice.hash } });
  if (outcome.kind !== "grant") throw new Error(`not accepted: ${outcome.reason}`);
  const grant = new URL(outcome.location).hash.replace("#glimpse=", "");
  const origin = new URL(outcome.location).origin;
  const started = await call(postSession, "/api/recorder/sessions", { headers: { origin, "content-type": "application/json" }, body: JSON.stringify({ grant }) });
  expect(started.status).toBe(201);
  const { recordingId, uploadToken } = started.json as { recordingId: string; uploadToken: string };
  const t = Date.now();
  const events = [
    { type: 4, timestamp: t, data: { href: `${origin}/checkout/${canary}?q=${canary}`, width: 1280, height: 720 } },
    {
      type: 2,
      timestamp: t + 1,
      data: {
        node: { type: 0, id: 1, childNodes: [{ type: 2, id: 2, tagName: "p", attributes: {}, childNodes: [{ type: 3, id: 3, textContent: `Text ${canary}` }] }] },
        initialOffset: { top: 0, left: 0 },
      },
    },
    { type: 6, timestamp: t + 1500, data: { plugin: "rrweb/console@1", payload: { level: "error", payload: [JSON.stringify(`Console ${canary}`)], trace: [] } } },
    { type: 3, timestamp: t + 4000, data: { source: 1, positions: [{ x: 1, y: 1, id: 2, timeOffset: 0 }] } },
  ];
  const headers = { origin, authorization: `Bearer ${uploadToken}`, "content-type": "application/json", "content-encoding": "gzip", "x-glimpse-seq": "0" };
  const uploaded = await call(postEvents, `/api/recorder/sessions/${recordingId}/events`, { headers, body: gzipSync(JSON.stringify(events)) }, { id: recordingId });
  expect(uploaded.status, JSON.stringify(uploaded.json)).toBe(200);
  const finished = await call(postFinish, `/api/recorder/sessions/${recordingId}/finish`, { headers: { origin, authorization: `Bearer ${uploadToken}` } }, { id: recordingId });
  expect(finished.json).toEqual({ status: "finished" });
  return { token, grant, uploadToken, recordingId };
}

const urlIn = (text: string) => /https?:\/\/\S+\/r\/[A-Za-z0-9]+(\?lang=\w+)?/.exec(text)?.[0] ?? null;


describe("helpdesk notes through the outbox", () => {
  it("a Zendesk tag creates one link and posts its message as a private comment; accept, ready (at the first error) and purge (with the receipt) follow as notes", async () => {
    await ensureDemoSite();
    const { r, connection } = await zendesk();
    const webhooks = await startReceiver();
    closers.push(() => webhooks.close());
    const { secret } = await createEndpoint({ input: { url: webhooks.url("/all"), eventTypes: ["link.created", "consent.accepted", "recording.finished", "recording.purged"], description: "" }, actor: system });
    webhooks.trust("/all", secret);

    expect(await tagAdded("5158", "evt-tag-1")).toMatchObject({ status: 200, result: "applied" });
    const ticket = await db.ticket.findUniqueOrThrow({ where: { source_externalId: { source: "zendesk", externalId: "5158" } } });
    expect(await db.link.count({ where: { ticketId: ticket.id } })).toBe(1);

    // Redelivered, or tagged again while the link is pending: no second link, no second note.
    expect(await tagAdded("5158", "evt-tag-1")).toMatchObject({ result: "duplicate" });
    expect(await tagAdded("5158")).toMatchObject({ result: "ignored", message: expect.stringContaining("still pending") });
    expect(await db.link.count({ where: { ticketId: ticket.id } })).toBe(1);

    // The message is in the outbox, encrypted: neither the database file nor the event holds the link.
    const pending = await db.outboundDelivery.findFirstOrThrow({ where: { connectionId: connection.id }, omit: { noteSealed: false } });
    expect(pending).toMatchObject({ noteErase: true, status: "pending" });
    expect(await dispatchDeliveries()).toMatchObject({ delivered: 2, failed: 0 });
    expect(r.accepted).toHaveLength(1);
    const message = r.accepted[0]!;
    expect(message).toMatchObject({ ticketRef: "5158", public: false });
    const linkUrl = urlIn(message.text)!;
    expect(linkUrl).toMatch(/^http:\/\/glimpse\.test\/r\/[A-Za-z0-9]{43}$/);
    expect(message.text).toContain("To help with your request (#5158)");
    const token = linkUrl.split("/r/")[1]!;
    expect(await databaseHolds(token)).toBe(false);
    expect(Buffer.from(pending.noteSealed!).includes(Buffer.from(token))).toBe(false);
    // Sent, its text is erased: it cannot be sent again.
    const sent = await db.outboundDelivery.findUniqueOrThrow({ where: { id: pending.id }, omit: { noteSealed: false } });
    expect(sent).toMatchObject({ status: "delivered", noteSealed: null });
    await expect(resendDelivery({ connectionId: connection.id, deliveryId: pending.id, actor: system })).rejects.toMatchObject({ code: "conflict" });

    const canary = `CANARY${Math.random().toString(36).slice(2, 10)}`;
    const flow = await acceptAndRecord(linkUrl, canary);
    await dispatchDeliveries();
    expect(r.accepted).toHaveLength(3);
    expect(r.accepted[1]!.text).toMatch(/^Glimpse: the customer accepted the recording/);
    const ready = r.accepted[2]!.text;
    expect(ready).toMatch(new RegExp(`^Glimpse: recording ${flow.recordingId} is ready \\(4s, 4 events, 1 console error\\(s\\), 0 failed request\\(s\\)`));
    expect(ready).toContain(`First error at 1s: ${momentUrl("http://glimpse.test", flow.recordingId, 1500)}`);
    expect(ready).toContain("?t=1s");

    expect(await solved("5158")).toMatchObject({ result: "applied" });
    await dispatchDeliveries();
    expect(r.accepted).toHaveLength(4);
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "recording.purged", recordingId: flow.recordingId } });
    expect(r.accepted[3]!.text).toContain(`Deletion receipt: audit entry #${entry.id}, hash ${entry.hash}.`);
    expect(r.accepted.every((n) => !n.public)).toBe(true);

    // Privacy: no outbound body, webhook or note, holds what was recorded, nor the grant or upload token.
    expect(webhooks.received.map((x) => x.verified.ok && x.verified.payload.type)).toEqual(["link.created", "consent.accepted", "recording.finished", "recording.purged"]);
    const bodies = [...r.received.map((x) => x.body), ...webhooks.received.map((x) => x.body)];
    expect(bodies).toHaveLength(8);
    for (const body of bodies) for (const s of [canary, "/checkout", "Console ", flow.grant, flow.uploadToken]) expect(body.includes(s), `${s} in ${body}`).toBe(false);
    // The link is in the one note meant to carry it, and in no webhook event.
    expect(webhooks.received.some((x) => x.body.includes(token))).toBe(false);
    expect(r.received.filter((x) => x.body.includes(token))).toHaveLength(1);

    const log = await listDeliveries({ connectionId: connection.id });
    expect(log.map((d) => [d.eventType, d.status])).toEqual([
      ["recording.purged", "delivered"],
      ["recording.finished", "delivered"],
      ["consent.accepted", "delivered"],
      ["link.created", "delivered"],
    ]);
  });

  it("a trigger webhook's requester locale gives the message in French, with the consent page in French", async () => {
    await ensureDemoSite();
    const { r } = await zendesk();
    const outcome = await zendeskWebhook({ event: "recording_requested", ticket_id: "777", locale: "fr-FR", updated_at: new Date().toISOString() });
    expect(outcome).toMatchObject({ result: "applied", message: expect.stringContaining("(fr)") });
    await dispatchDeliveries();
    const text = r.accepted[0]!.text;
    expect(text).toContain("Pour traiter votre demande (#777)");
    expect(urlIn(text)).toMatch(/\/r\/[A-Za-z0-9]{43}\?lang=fr$/);
  });

  it("without a connection for the ticket's helpdesk a tag requests nothing, and other events write no note", async () => {
    await setWebhookSecret({ providerId: "zendesk", input: { secret: WEBHOOK_SECRET }, actor: system });
    expect(await tagAdded("9001")).toMatchObject({ result: "ignored", message: expect.stringContaining("No zendesk connection") });
    expect(await db.ticket.count({ where: { externalId: "9001" } })).toBe(0);
    expect(await db.outboundEvent.count()).toBe(0);
  });

  it("honours 429 Retry-After from the helpdesk", async () => {
    await ensureDemoSite();
    const { r, connection } = await zendesk();
    r.queueResponse(429, { "retry-after": "120" }, { error: "TooManyRequests" });
    await tagAdded("4290");
    const t0 = new Date();
    expect(await dispatchDeliveries({ now: t0 })).toMatchObject({ attempted: 1, retrying: 1 });
    const throttled = await db.outboundDelivery.findFirstOrThrow({ where: { connectionId: connection.id }, omit: { noteSealed: false } });
    expect(throttled).toMatchObject({ status: "pending", lastStatus: 429, nextAttemptAt: new Date(t0.getTime() + 120 * SECOND) });
    expect(throttled.noteSealed).not.toBeNull();
    // Where the plain backoff would try again after 30 s, Zendesk asked for 120.
    expect(await dispatchDeliveries({ now: new Date(t0.getTime() + 31 * SECOND) })).toMatchObject({ attempted: 0 });
    expect(await dispatchDeliveries({ now: new Date(t0.getTime() + 120 * SECOND) })).toMatchObject({ delivered: 1 });
    expect(r.received).toHaveLength(2);
    expect(r.accepted).toHaveLength(1);
  });

  it("a restart in the middle of a retry loses no note: a fresh process delivers it once", async () => {
    await ensureDemoSite();
    const { r, connection } = await zendesk();
    r.queueResponse(503, {}, { error: "ServiceUnavailable" });
    await tagAdded("5030");
    const t0 = new Date();
    expect(await dispatchDeliveries({ now: t0 })).toMatchObject({ retrying: 1 });
    const d = await db.outboundDelivery.findFirstOrThrow({ where: { connectionId: connection.id } });
    expect(d).toMatchObject({ status: "pending", attempts: 1, lastStatus: 503 });
    expect(await runChild(new Date(d.nextAttemptAt.getTime() - SECOND))).toMatchObject({ attempted: 0 });
    expect(await runChild(d.nextAttemptAt)).toMatchObject({ attempted: 1, delivered: 1 });
    expect(await dispatchDeliveries({ now: new Date(t0.getTime() + 2 * HOUR) })).toMatchObject({ attempted: 0 });
    expect(r.accepted).toHaveLength(1);
    expect(urlIn(r.accepted[0]!.text)).not.toBeNull();
  });

  it("a dead helpdesk is retried with backoff, marked failed after 24 h, and its one-time message erased", async () => {
    await ensureDemoSite();
    const port = await deadPort();
    const connection = await createConnection({ input: { provider: "zendesk", config: { subdomain: "acme", ...ZENDESK, baseUrl: `http://127.0.0.1:${port}` }, siteId: null }, actor: system });
    await setWebhookSecret({ providerId: "zendesk", input: { secret: WEBHOOK_SECRET }, actor: system });
    await tagAdded("4040");
    const delivery = await db.outboundDelivery.findFirstOrThrow({ where: { connectionId: connection.id } });
    let now = delivery.nextAttemptAt;
    let attempts = 0;
    for (let i = 0; i < 100; i++) {
      expect((await dispatchDeliveries({ now })).attempted).toBe(1);
      attempts += 1;
      const d = await db.outboundDelivery.findUniqueOrThrow({ where: { id: delivery.id }, omit: { noteSealed: false } });
      expect(d.lastError).toMatch(/^Zendesk could not be reached: /);
      if (d.status === "failed") {
        expect(d.noteSealed).toBeNull();
        break;
      }
      expect(d.noteSealed).not.toBeNull();
      now = d.nextAttemptAt;
    }
    expect(attempts).toBeGreaterThan(20);
    expect(now.getTime() - delivery.createdAt.getTime()).toBeLessThanOrEqual(24 * HOUR);
    const [logged] = await listDeliveries({ connectionId: connection.id });
    expect(logged).toMatchObject({ eventType: "link.created", status: "failed", attempts, nextAttemptAt: null });
    await expect(resendDelivery({ connectionId: connection.id, deliveryId: delivery.id, actor: system })).rejects.toThrow(/one-time link/);
    expect(ERASED_NOTE).toMatch(/erased/);
  });

  it("a note that does not hold a link stays resendable after it failed, and a wrong token fails at once", async () => {
    await ensureDemoSite();
    const r = await startZendeskReceiver(ZENDESK);
    closers.push(() => r.close());
    const connection = await createConnection({ input: { provider: "zendesk", config: { subdomain: "acme", email: ZENDESK.email, apiToken: "wrong", baseUrl: r.url }, siteId: null }, actor: system });
    const site = await ensureDemoSite();
    const { createTicket } = await import("@/lib/tickets/create-ticket");
    const { createLink } = await import("@/lib/links/create-link");
    const { ticket } = await createTicket({ input: { source: "zendesk", externalId: "401" }, actor: system });
    await createLink({ ticketId: ticket.id, input: { siteId: site.id }, actor: system });
    expect(await dispatchDeliveries()).toMatchObject({ attempted: 1, failed: 1 });
    const [failed] = await listDeliveries({ connectionId: connection.id });
    expect(failed).toMatchObject({ status: "failed", attempts: 1, lastStatus: 401 });
    const { updateConnection } = await import("./update-connection");
    await updateConnection({ id: connection.id, input: { config: { subdomain: "acme", ...ZENDESK, baseUrl: r.url } }, actor: system });
    expect(await resendDelivery({ connectionId: connection.id, deliveryId: failed!.id, actor: system })).toMatchObject({ status: "delivered", lastStatus: 200 });
    expect(r.accepted.map((n) => n.text.split("\n")[0])).toEqual([expect.stringMatching(/^Glimpse: recording link \S+ created, valid until/)]);
  });
});

function runChild(now: Date): Promise<Record<string, number>> {
  const code = `
    import { dispatchDeliveries } from "./lib/outbound/dispatch-deliveries.ts";
    const summary = await dispatchDeliveries({ now: new Date(${JSON.stringify(now.toISOString())}) });
    console.log(JSON.stringify(summary));
    process.exit(0);
  `;
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "--input-type=module", "-e", code], {
    cwd: ROOT,
    env: { ...process.env, GLIMPSE_DISABLE_JOBS: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) =>
    child.once("exit", (c) => (c === 0 ? resolve(JSON.parse(out.trim().split("\n").pop()!)) : reject(new Error(`exit ${c}: ${err}`)))),
  );
}
