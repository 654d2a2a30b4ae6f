import { spawn } from "node:child_process";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { POST as postEvents } from "@/app/api/recorder/sessions/[id]/events/route";
import { POST as postFinish } from "@/app/api/recorder/sessions/[id]/finish/route";
import { POST as postSession } from "@/app/api/recorder/sessions/route";
import { decideConsent } from "@/lib/consent/decide-consent";
import { findLinkByToken } from "@/lib/consent/find-link-by-token";
import { noticeForLink } from "@/lib/consent/notice-for-link";
import { db, writeTx } from "@/lib/db";
import { createLink } from "@/lib/links/create-link";
import { readAllEvents } from "@/lib/recordings/read-events";
import { purgeRecordings } from "@/lib/recordings/purge-recordings";
import { ensureDemoSite } from "@/lib/sites/ensure-demo-site";
import { startPreview } from "@/lib/previews/start-preview";
import { createTicket } from "@/lib/tickets/create-ticket";
import { deadPort, startReceiver, type TReceived } from "@/tests/fixtures/webhook-receiver";
import { retryDelayMs } from "./attempt-delivery";
import { createEndpoint } from "./create-endpoint";
import { dispatchDeliveries } from "./dispatch-deliveries";
import { enqueueEvent } from "./enqueue-event";
import { OUTBOUND_EVENT_TYPES, type TOutboundEventType } from "./event-types";
import { listDeliveries } from "./list-deliveries";
import { resendDelivery } from "./resend-delivery";
import { updateEndpoint } from "./update-endpoint";

const ROOT = path.resolve(import.meta.dirname, "../..");
const system = { type: "system" as const, label: "test" };
const SECOND = 1000;
const HOUR = 3_600_000;

const receivers: Awaited<ReturnType<typeof startReceiver>>[] = [];
async function receiver(opts: Parameters<typeof startReceiver>[0] = {}) {
  const r = await startReceiver(opts);
  receivers.push(r);
  return r;
}

afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
  // Each test starts with no endpoint, so the deliveries it sees are its own.
  await db.webhookEndpoint.deleteMany();
  await db.outboundEvent.deleteMany();
});

async function endpointFor(r: Awaited<ReturnType<typeof startReceiver>>, hookPath: string, eventTypes: TOutboundEventType[] = [...OUTBOUND_EVENT_TYPES]) {
  const { endpoint, secret } = await createEndpoint({ input: { url: r.url(hookPath), eventTypes, description: "" }, actor: system });
  r.trust(hookPath, secret);
  return { ...endpoint, secret };
}

async function call(handler: (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>, url: string, init: RequestInit, params: Record<string, string> = {}) {
  const res = await handler(new Request(`http://glimpse.test${url}`, { method: "POST", ...init }), { params: Promise.resolve(params) });
  return { status: res.status, json: (await res.json()) as any };
}

/** A whole recording through the real functions: ticket, link, consent page, recorder session, one batch, finish, purge. */
async function recordAndPurge(canary: string) {
  const site = await ensureDemoSite();
  const origin = new URL(site.startUrl).origin;
  const { ticket } = await createTicket({ input: { source: "zendesk", externalId: `Z-${Math.random().toString(36).slice(2, 8)}`, subject: `Subject ${canary}` }, actor: system });
  const { link, url } = await createLink({ ticketId: ticket.id, input: { siteId: site.id, startUrl: `${origin}/demo?ref=${canary}` }, actor: system });
  const token = url.split("/r/")[1]!;
  const notice = (await noticeForLink({ link: (await findLinkByToken(token))!, language: "en" }))!;
  const outcome = await decideConsent({ token, form: { decision: "accept", lang: "en", noticeVersion: notice.version, siteNoticeVersion: notice.siteVersion, noticeHash: notice.hash } });
  if (outcome.kind !== "grant") throw new Error(`not accepted: ${outcome.reason}`);
  const grant = new URL(outcome.location).hash.replace("#glimpse=", "");

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
    { type: 6, timestamp: t + 2, data: { plugin: "rrweb/console@1", payload: { level: "error", payload: [JSON.stringify(`Console ${canary}`)], trace: [] } } },
  ];
  const headers = { origin, authorization: `Bearer ${uploadToken}`, "content-type": "application/json", "content-encoding": "gzip", "x-glimpse-seq": "0" };
  const uploaded = await call(postEvents, `/api/recorder/sessions/${recordingId}/events`, { headers, body: gzipSync(JSON.stringify(events)) }, { id: recordingId });
  expect(uploaded.status, JSON.stringify(uploaded.json)).toBe(200);
  const stored = JSON.stringify(await readAllEvents(recordingId));
  const finished = await call(postFinish, `/api/recorder/sessions/${recordingId}/finish`, { headers: { origin, authorization: `Bearer ${uploadToken}` } }, { id: recordingId });
  expect(finished.json).toEqual({ status: "finished" });
  await purgeRecordings({ ids: [recordingId], reason: "manual", actor: system });
  return { ticket, link, token, grant, uploadToken, recordingId, stored };
}

/** A second link on the ticket that the customer declines. */
async function declineLink(ticketId: string) {
  const { link, url } = await createLink({ ticketId, input: {}, actor: system });
  const token = url.split("/r/")[1]!;
  const notice = (await noticeForLink({ link: (await findLinkByToken(token))!, language: "fr" }))!;
  await decideConsent({ token, form: { decision: "decline", lang: "fr", noticeVersion: notice.version, siteNoticeVersion: notice.siteVersion, noticeHash: notice.hash } });
  return link;
}

const types = (received: TReceived[]) => received.map((r) => r.verified.ok && r.verified.payload.type);

describe("signed outbound events", () => {
  it("each event type, made by the real functions, reaches the receiver and verifies with the official standardwebhooks package", async () => {
    const r = await receiver();
    const all = await endpointFor(r, "/all");
    await endpointFor(r, "/purges", ["recording.purged"]);
    const off = await endpointFor(r, "/off");
    await updateEndpoint({ id: off.id, input: { enabled: false }, actor: system });

    const flow = await recordAndPurge("c4nary");
    const declined = await declineLink(flow.ticket.id);
    const summary = await dispatchDeliveries();
    expect(summary).toMatchObject({ attempted: 8, delivered: 8, failed: 0, retrying: 0 });

    expect(r.received.every((x) => x.verified.ok)).toBe(true);
    const toAll = r.received.filter((x) => x.path === "/all");
    expect(types(toAll).sort()).toEqual(["consent.accepted", "consent.declined", "link.created", "link.created", "recording.finished", "recording.purged", "recording.started"]);
    expect(types(r.received.filter((x) => x.path === "/purges"))).toEqual(["recording.purged"]);
    expect(r.received.filter((x) => x.path === "/off")).toEqual([]);

    // The check can fail: another secret, or a body changed by one byte, does not verify.
    const sample = toAll[0]!;
    expect(() => new Webhook(off.secret).verify(sample.body, sample.headers)).toThrow();
    expect(() => new Webhook(all.secret).verify(`${sample.body} `, sample.headers)).toThrow();
    expect(sample.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(sample.headers["webhook-id"]).toMatch(/^msg_[A-Za-z0-9]+$/);
    expect(Math.abs(Number(sample.headers["webhook-timestamp"]) - Date.now() / 1000)).toBeLessThan(60);

    const byType = (type: string) => toAll.find((x) => x.verified.ok && x.verified.payload.type === type)!.verified as { payload: any };
    const ticket = { id: flow.ticket.id, source: "zendesk", externalId: flow.ticket.externalId, url: `http://glimpse.test/tickets/${flow.ticket.id}` };
    const recordingUrl = `http://glimpse.test/recordings/${flow.recordingId}`;
    expect(byType("consent.accepted").payload).toMatchObject({
      type: "consent.accepted",
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      data: { link: { id: flow.link.id, status: "consented" }, consent: { decision: "accepted", language: "en" }, ticket },
    });
    expect(byType("consent.declined").payload.data).toMatchObject({ link: { id: declined.id, status: "declined" }, consent: { decision: "declined", language: "fr" } });
    expect(byType("recording.started").payload.data).toMatchObject({ recording: { id: flow.recordingId, status: "live", url: recordingUrl }, link: { id: flow.link.id }, ticket });
    expect(byType("recording.finished").payload.data.recording).toMatchObject({ id: flow.recordingId, status: "finished", reason: "customer", chunks: 1, events: 3 });

    const purgeEntry = await db.auditEntry.findFirstOrThrow({ where: { action: "recording.purged", recordingId: flow.recordingId } });
    const { payload: purged } = byType("recording.purged");
    expect(purged.data.recording).toMatchObject({ id: flow.recordingId, status: "purged" });
    expect(purged.data.receipt).toEqual({ ...JSON.parse(purgeEntry.details), auditEntryId: purgeEntry.id, auditHash: purgeEntry.hash });
    expect(purged.data.receipt).toMatchObject({ reason: "manual", chunks: 1, bytes: expect.any(Number), rawBytes: expect.any(Number) });

    // The webhook-id is the event's id, the same for every endpoint; each delivery was sent once.
    const events = await db.outboundEvent.findMany();
    expect(new Set(r.received.map((x) => x.headers["webhook-id"]))).toEqual(new Set(events.map((e) => e.id)));
    expect(await db.outboundDelivery.count({ where: { status: { not: "delivered" } } })).toBe(0);
    expect(await dispatchDeliveries()).toMatchObject({ attempted: 0 });
    expect(r.received).toHaveLength(8);
  });

  it("privacy: no outbound body holds any of the recording's known strings, nor a link, grant or upload token", async () => {
    const r = await receiver();
    await endpointFor(r, "/all");
    const canary = `CANARY${Math.random().toString(36).slice(2, 10)}`;
    const flow = await recordAndPurge(canary);
    await declineLink(flow.ticket.id);
    // The visited URL did reach the recording (its text and console were masked): the check below is not vacuous.
    expect(flow.stored).toContain(`/checkout/${canary}`);

    await dispatchDeliveries();
    expect(types(r.received)).toHaveLength(7);
    const secrets = [canary, flow.token, flow.grant, flow.uploadToken, "/demo", "checkout", "Subject"];
    const outbound = [...r.received.map((x) => x.body + JSON.stringify(x.headers)), ...(await db.outboundEvent.findMany()).map((e) => e.payload)];
    for (const text of outbound) for (const s of secrets) expect(text.includes(s), `${s} in ${text}`).toBe(false);
  });

  it("a restart in the middle of a retry loses no event: a fresh process delivers it exactly once", async () => {
    const r = await receiver({ respond: (_req, n) => (n === 1 ? { status: 500 } : n === 2 ? "hang" : { status: 200 }) });
    await endpointFor(r, "/hook", ["link.created"]);
    const { ticket } = await createTicket({ input: { source: "manual", externalId: "RESTART-1" }, actor: system });
    await createLink({ ticketId: ticket.id, input: {}, actor: system });
    const t0 = new Date();

    expect(await dispatchDeliveries({ now: t0 })).toMatchObject({ attempted: 1, retrying: 1 });
    const afterFirst = await db.outboundDelivery.findFirstOrThrow();
    expect(afterFirst).toMatchObject({ status: "pending", attempts: 1, lastStatus: 500, nextAttemptAt: new Date(t0.getTime() + 30 * SECOND) });

    // A server process claims the retry, sends it, and dies before the receiver answers.
    const dying = dispatchInChild(new Date(t0.getTime() + 30 * SECOND));
    await until(() => r.received.length === 2);
    dying.kill("SIGKILL");
    await new Promise((resolve) => dying.once("exit", resolve));
    const claimed = await db.outboundDelivery.findFirstOrThrow();
    expect(claimed).toMatchObject({ status: "pending", attempts: 2, lockedUntil: expect.any(Date) });

    // While the dead process's claim lasts, nobody sends it; then a new process does, once.
    expect(await runChild(new Date(t0.getTime() + 40 * SECOND))).toMatchObject({ attempted: 0 });
    expect(await runChild(new Date(claimed.lockedUntil!.getTime() + SECOND))).toMatchObject({ attempted: 1, delivered: 1 });
    expect(await dispatchDeliveries({ now: new Date(t0.getTime() + 2 * HOUR) })).toMatchObject({ attempted: 0 });

    expect(r.received.map((x) => x.answered)).toEqual([500, null, 200]);
    expect(new Set(r.received.map((x) => x.headers["webhook-id"])).size).toBe(1);
    expect(r.received.every((x) => x.verified.ok)).toBe(true);
    expect(await db.outboundDelivery.findFirstOrThrow()).toMatchObject({ status: "delivered", attempts: 3, lastStatus: 200, lockedUntil: null });
  });

  it("a dead endpoint is retried with backoff, failed after 24 h and shown so in the log; Resend delivers it once the receiver is up", async () => {
    const port = await deadPort();
    const { endpoint, secret } = await createEndpoint({ input: { url: `http://127.0.0.1:${port}/hook`, eventTypes: ["link.created"], description: "" }, actor: system });
    const { ticket } = await createTicket({ input: { source: "manual", externalId: "DEAD-1" }, actor: system });
    await createLink({ ticketId: ticket.id, input: {}, actor: system });
    const delivery = await db.outboundDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id } });
    const t0 = delivery.createdAt;

    const attemptsAt: number[] = [];
    let now = delivery.nextAttemptAt;
    for (let i = 0; i < 100; i++) {
      const s = await dispatchDeliveries({ now });
      expect(s.attempted).toBe(1);
      attemptsAt.push(now.getTime());
      const d = await db.outboundDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
      expect(d.lastError).toBe("connection refused (ECONNREFUSED)");
      if (d.status === "failed") break;
      // Nothing is sent before the next attempt is due.
      expect(await dispatchDeliveries({ now: new Date(d.nextAttemptAt.getTime() - SECOND) })).toMatchObject({ attempted: 0 });
      now = d.nextAttemptAt;
    }
    const gaps = attemptsAt.slice(1).map((t, i) => (t - attemptsAt[i]!) / SECOND);
    expect(gaps.slice(0, 8)).toEqual([30, 60, 120, 240, 480, 960, 1920, 3600]);
    expect(gaps.slice(8).every((g) => g === 3600)).toBe(true);
    const lastAttempt = attemptsAt.at(-1)! - t0.getTime();
    expect(lastAttempt).toBeLessThanOrEqual(24 * HOUR);
    expect(lastAttempt + retryDelayMs(attemptsAt.length)).toBeGreaterThan(24 * HOUR);
    expect(await dispatchDeliveries({ now: new Date(t0.getTime() + 48 * HOUR) })).toMatchObject({ attempted: 0 });

    const [logged] = await listDeliveries({ endpointId: endpoint.id });
    expect(logged).toMatchObject({ eventType: "link.created", status: "failed", attempts: attemptsAt.length, lastStatus: null, lastError: "connection refused (ECONNREFUSED)", nextAttemptAt: null });

    // Resent while the receiver is still down: one more attempt, and it stays failed.
    expect(await resendDelivery({ endpointId: endpoint.id, deliveryId: delivery.id, actor: system })).toMatchObject({ status: "failed", attempts: attemptsAt.length + 1 });
    const r = await receiver({ port });
    r.trust("/hook", secret);
    const resent = await resendDelivery({ endpointId: endpoint.id, deliveryId: delivery.id, actor: system });
    expect(resent).toMatchObject({ status: "delivered", lastStatus: 200, lastError: null, attempts: attemptsAt.length + 2 });
    expect(r.received).toHaveLength(1);
    expect(r.received[0]!.verified).toMatchObject({ ok: true, payload: { type: "link.created" } });
    expect(await db.auditEntry.count({ where: { action: "webhook_endpoint.delivery_resent" } })).toBe(2);
  });

  it("honours Retry-After on 429 (seconds) and 503 (an HTTP date)", async () => {
    const r = await receiver({
      respond: (_req, n) =>
        n === 1 ? { status: 429, headers: { "retry-after": "120" } } : n === 2 ? { status: 503, headers: { "retry-after": retryAt.toUTCString() } } : { status: 204 },
    });
    await endpointFor(r, "/hook", ["link.created"]);
    const { ticket } = await createTicket({ input: { source: "manual", externalId: "THROTTLE-1" }, actor: system });
    await createLink({ ticketId: ticket.id, input: {}, actor: system });
    const t0 = new Date();

    const retryAt = new Date(t0.getTime() + 200 * SECOND);
    await dispatchDeliveries({ now: t0 });
    const throttled = await db.outboundDelivery.findFirstOrThrow();
    expect(throttled).toMatchObject({ lastStatus: 429, nextAttemptAt: new Date(t0.getTime() + 120 * SECOND) });
    // Where the plain backoff would have tried again after 30 s, the receiver asked for 120.
    expect(await dispatchDeliveries({ now: new Date(t0.getTime() + 31 * SECOND) })).toMatchObject({ attempted: 0 });
    expect(await dispatchDeliveries({ now: new Date(t0.getTime() + 120 * SECOND) })).toMatchObject({ attempted: 1, retrying: 1 });
    expect((await db.outboundDelivery.findFirstOrThrow()).nextAttemptAt.getTime()).toBe(Math.floor(retryAt.getTime() / 1000) * 1000);
    expect(await dispatchDeliveries({ now: new Date(t0.getTime() + 190 * SECOND) })).toMatchObject({ attempted: 0 });
    expect(await dispatchDeliveries({ now: new Date(t0.getTime() + 201 * SECOND) })).toMatchObject({ delivered: 1 });
    expect(r.received.map((x) => x.answered)).toEqual([429, 503, 204]);
  });

  it("a receiver that does not answer in time is retried; two passes at once send a delivery once", async () => {
    const r = await receiver({ respond: (_req, n) => (n === 1 ? "hang" : { status: 200, delayMs: 300 }) });
    await endpointFor(r, "/hook", ["link.created"]);
    const { ticket } = await createTicket({ input: { source: "manual", externalId: "SLOW-1" }, actor: system });
    await createLink({ ticketId: ticket.id, input: {}, actor: system });
    await createLink({ ticketId: ticket.id, input: {}, actor: system });
    const t0 = new Date();

    const first = await Promise.all([dispatchDeliveries({ now: t0, timeoutMs: 500 }), dispatchDeliveries({ now: t0, timeoutMs: 500 })]);
    expect(first[0].attempted + first[1].attempted).toBe(2);
    const after = await db.outboundDelivery.findMany();
    expect(after.filter((d) => d.status === "delivered")).toHaveLength(1);
    expect(after.filter((d) => d.status === "pending").map((d) => d.lastError)).toEqual(["no answer within 0.5 s"]);
    const later = new Date(t0.getTime() + 31 * SECOND);
    const second = await Promise.all([dispatchDeliveries({ now: later }), dispatchDeliveries({ now: later }), dispatchDeliveries({ now: later })]);
    expect(second.reduce((n, s) => n + s.delivered, 0)).toBe(1);
    expect(r.received).toHaveLength(3);
    expect(new Set(r.received.map((x) => x.headers["webhook-id"])).size).toBe(2);
  });

  it("an event commits with its change or not at all, and none is written while no endpoint wants it", async () => {
    const { ticket } = await createTicket({ input: { source: "manual", externalId: "ATOMIC-1" }, actor: system });
    await createLink({ ticketId: ticket.id, input: {}, actor: system });
    expect(await db.outboundEvent.count()).toBe(0);

    const r = await receiver();
    await endpointFor(r, "/hook", ["link.created"]);
    const { link } = await createLink({ ticketId: ticket.id, input: {}, actor: system });
    expect(await db.outboundEvent.count()).toBe(1);
    await expect(
      writeTx(async (tx) => {
        await enqueueEvent(tx, { type: "link.created", linkId: link.id });
        throw new Error("the change fails");
      }),
    ).rejects.toThrow("the change fails");
    expect(await db.outboundEvent.count()).toBe(1);
    expect(await db.outboundDelivery.count()).toBe(1);
  });

  it("an admin's privacy preview sends no event: it has no customer and no helpdesk ticket", async () => {
    const r = await receiver();
    await endpointFor(r, "/hook");
    const site = await ensureDemoSite();
    const admin = await db.user.create({ data: { email: "preview-admin@example.test", name: "Admin", passwordHash: "x", role: "admin" } });
    const preview = await startPreview({ siteId: site.id, actor: { type: "user", id: admin.id, label: admin.email, role: "admin", userId: admin.id } });
    expect(preview.linkId).toBeTruthy();
    expect(await db.outboundEvent.count()).toBe(0);
    // A customer's link right after it does send one: the check above can fail.
    const { ticket } = await createTicket({ input: { source: "manual", externalId: "AFTER-PREVIEW" }, actor: system });
    await createLink({ ticketId: ticket.id, input: {}, actor: system });
    expect(await db.outboundEvent.count()).toBe(1);
  });
});

async function until(check: () => boolean, timeoutMs = 10_000) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A dispatch pass in a new Node process on the same database, with its clock set to `now`. */
function dispatchInChild(now: Date) {
  const code = `
    import { dispatchDeliveries } from "./lib/outbound/dispatch-deliveries.ts";
    const summary = await dispatchDeliveries({ now: new Date(${JSON.stringify(now.toISOString())}) });
    console.log(JSON.stringify(summary));
    process.exit(0);
  `;
  return spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "--input-type=module", "-e", code], {
    cwd: ROOT,
    env: { ...process.env, GLIMPSE_DISABLE_JOBS: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function runChild(now: Date): Promise<Record<string, number>> {
  const child = dispatchInChild(now);
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) =>
    child.once("exit", (code) => (code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop()!)) : reject(new Error(`exit ${code}: ${err}`)))),
  );
}
