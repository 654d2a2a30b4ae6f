import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { acceptTestLink } from "@/lib/consent/accept-test-link";
import { db } from "@/lib/db";
import { createSite } from "@/lib/sites/create-site";
import { readAllEvents } from "@/lib/recordings/read-events";
import { streamLiveEvents } from "@/lib/recordings/stream-live-events";
import { POST as postEvents, OPTIONS as optionsEvents } from "./[id]/events/route";
import { POST as postFinish } from "./[id]/finish/route";
import { POST as postWithdraw } from "./[id]/withdraw/route";
import { POST as postSession, OPTIONS as optionsSession } from "./route";

type THandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function send(
  handler: THandler,
  opts: { path: string; method?: string; headers?: Record<string, string>; body?: BodyInit; params?: Record<string, string> },
) {
  const req = new Request(`http://glimpse.test${opts.path}`, { method: opts.method ?? "POST", headers: opts.headers, body: opts.body });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : null };
}

async function startRecording(opts: { maxDurationMinutes?: number } = {}) {
  const accepted = await acceptTestLink(opts);
  const res = await send(postSession, {
    path: "/api/recorder/sessions",
    headers: { origin: accepted.origin, "content-type": "application/json", "user-agent": "vitest" },
    body: JSON.stringify({ grant: accepted.grant }),
  });
  expect(res.status).toBe(201);
  return { ...accepted, session: res.json as { recordingId: string; uploadToken: string; privacy: { preset: string } } };
}

/** Event times are offsets from now: the server refuses timestamps far from the recording's time. */
const T0 = Date.now();
const meta = (ts: number) => ({ type: 4, timestamp: T0 + ts, data: { href: "http://glimpse.test/demo?q=1", width: 1280, height: 720 } });
const click = (ts: number) => ({ type: 3, timestamp: T0 + ts, data: { source: 2, type: 2, id: 7, x: 10, y: 20 } });
const typed = (ts: number, text: string) => ({ type: 3, timestamp: T0 + ts, data: { source: 5, id: 12, text, isChecked: false } });

function upload(
  rec: { origin: string; session: { recordingId: string; uploadToken: string } },
  seq: number | string,
  body: BodyInit,
  headers: Record<string, string> = {},
) {
  return send(postEvents, {
    path: `/api/recorder/sessions/${rec.session.recordingId}/events`,
    params: { id: rec.session.recordingId },
    headers: {
      origin: rec.origin,
      authorization: `Bearer ${rec.session.uploadToken}`,
      "x-glimpse-seq": String(seq),
      "content-type": "application/json",
      "content-encoding": "gzip",
      ...headers,
    },
    body,
  });
}

const gz = (value: unknown) => gzipSync(Buffer.from(JSON.stringify(value)));

async function storedState(recordingId: string) {
  const chunks = await db.chunk.findMany({ where: { recordingId }, orderBy: { seq: "asc" }, select: { seq: true, digest: true, ciphertext: true } });
  const recording = await db.recording.findUniqueOrThrow({ where: { id: recordingId } });
  return {
    chunks: chunks.map((c) => ({ seq: c.seq, digest: c.digest, bytes: Buffer.from(c.ciphertext).toString("base64") })),
    counters: [recording.status, recording.nextSeq, recording.chunkCount, recording.eventCount, recording.storedBytes],
  };
}

describe("POST /api/recorder/sessions", () => {
  it("exchanges a grant once for a live recording with the privacy snapshot, and moves the link to recording", async () => {
    const rec = await startRecording();
    expect(rec.session).toMatchObject({
      maxDurationMs: 20 * 60_000,
      privacy: { preset: "strict", maskAllText: true, maskAllInputs: true },
      ticket: { reference: rec.ticket.externalId },
      operatorName: "Glimpse demo shop",
    });
    const recording = await db.recording.findUniqueOrThrow({ where: { id: rec.session.recordingId }, omit: { wrappedKey: false, uploadTokenHash: false } });
    expect(recording.status).toBe("live");
    expect(recording.wrappedKey).not.toBeNull();
    expect(recording.uploadTokenHash).not.toContain(rec.session.uploadToken);
    expect(JSON.parse(recording.privacy)).toEqual(rec.session.privacy);
    expect((await db.link.findUniqueOrThrow({ where: { id: rec.link.id } })).status).toBe("recording");

    const again = await send(postSession, {
      path: "/api/recorder/sessions",
      headers: { origin: rec.origin, "content-type": "application/json" },
      body: JSON.stringify({ grant: rec.grant }),
    });
    expect(again.status).toBe(410);
    expect(again.json.error.code).toBe("gone");
  });

  it("refuses unknown and expired grants, bad origins and bad bodies without creating a recording", async () => {
    const accepted = await acceptTestLink();
    const post = (body: string, origin = accepted.origin) =>
      send(postSession, { path: "/api/recorder/sessions", headers: { origin, "content-type": "application/json" }, body });

    const unknown = await post(JSON.stringify({ grant: "not-a-grant" }));
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get("access-control-allow-origin")).toBe(accepted.origin);
    const badOrigin = await post(JSON.stringify({ grant: accepted.grant }), "https://evil.example");
    expect(badOrigin.status).toBe(403);
    expect(badOrigin.headers.get("access-control-allow-origin")).toBeNull();
    await createSite({ name: "Other shop", allowedOrigins: ["https://other.example"], startUrl: "https://other.example/", privacyPreset: "strict", maskSelectors: "", blockSelectors: "", unmaskSelectors: "" }, { type: "system" });
    expect((await post(JSON.stringify({ grant: accepted.grant }), "https://other.example")).status).toBe(403);
    expect((await post("{not json")).status).toBe(400);
    expect((await post(JSON.stringify({ grant: accepted.grant, extra: 1 }))).status).toBe(422);

    await db.grant.updateMany({ where: { linkId: accepted.link.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await post(JSON.stringify({ grant: accepted.grant }));
    expect(expired.status).toBe(410);
    expect(expired.headers.get("access-control-allow-origin")).toBe(accepted.origin);
    expect(await db.recording.count({ where: { linkId: accepted.link.id } })).toBe(0);
  });
});

describe("POST /api/recorder/sessions/:id/events", () => {
  it("stores batches in order, acknowledges a retry, and answers CORS for the site's origin", async () => {
    const rec = await startRecording();
    const first = await upload(rec, 0, gz([meta(1000), click(1500)]));
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ seq: 0, duplicate: false, nextSeq: 1, flushMs: 5000 });
    expect(first.headers.get("access-control-allow-origin")).toBe(rec.origin);

    const retry = await upload(rec, 0, gz([meta(1000), click(1500)]));
    expect(retry.json).toEqual({ seq: 0, duplicate: true, nextSeq: 1, flushMs: 5000 });
    const plain = await upload(rec, 1, JSON.stringify([click(2000)]), { "content-encoding": "identity" });
    expect(plain.json).toEqual({ seq: 1, duplicate: false, nextSeq: 2, flushMs: 5000 });

    const recording = await db.recording.findUniqueOrThrow({ where: { id: rec.session.recordingId } });
    expect(recording).toMatchObject({ chunkCount: 2, eventCount: 3, viewport: "1280x720" });
    expect(await readAllEvents(rec.session.recordingId)).toHaveLength(3);
  });

  it("gives each kind of bad input a clear 4xx and leaves the stored data unchanged", async () => {
    const rec = await startRecording();
    const other = await startRecording();
    expect((await upload(rec, 0, gz([meta(1000)]))).status).toBe(200);
    const before = await storedState(rec.session.recordingId);

    const zipBomb = gzipSync(Buffer.alloc(50 * 1024 * 1024), { level: 9 });
    expect(zipBomb.length).toBeLessThan(1024 * 1024);
    const cases: [string, Promise<{ status: number; json: any; headers: Headers }>, number, string][] = [
      ["wrong token", upload(rec, 1, gz([click(2000)]), { authorization: "Bearer nope" }), 401, "unauthorized"],
      ["no token", upload(rec, 1, gz([click(2000)]), { authorization: "" }), 401, "unauthorized"],
      ["another recording's token", upload(rec, 1, gz([click(2000)]), { authorization: `Bearer ${other.session.uploadToken}` }), 401, "unauthorized"],
      ["bad origin", upload(rec, 1, gz([click(2000)]), { origin: "https://evil.example" }), 403, "forbidden"],
      ["malformed JSON", upload(rec, 1, gzipSync(Buffer.from("[{"))), 400, "bad_request"],
      ["invalid gzip", upload(rec, 1, Buffer.from("this is not gzip")), 400, "bad_request"],
      ["zip bomb", upload(rec, 1, zipBomb), 413, "payload_too_large"],
      ["oversized batch", upload(rec, 1, Buffer.alloc(1024 * 1024 + 1), { "content-encoding": "identity" }), 413, "payload_too_large"],
      ["replayed seq with other content", upload(rec, 0, gz([click(9999)])), 409, "conflict"],
      ["out-of-order seq", upload(rec, 5, gz([click(2000)])), 409, "conflict"],
      ["non-array body", upload(rec, 1, gz({ events: [click(2000)] })), 422, "unprocessable_entity"],
      ["event without a type", upload(rec, 1, gz([{ timestamp: 1 }])), 422, "unprocessable_entity"],
      ["empty batch", upload(rec, 1, gz([])), 422, "unprocessable_entity"],
      ["timestamp beyond any date", upload(rec, 1, gz([{ ...click(2000), timestamp: 1e20 }])), 422, "unprocessable_entity"],
      ["hostile nesting", upload(rec, 1, gzipSync(`[{"type":2,"timestamp":1,"data":{"node":${'{"type":2,"tagName":"div","childNodes":['.repeat(100_000)}${"]}".repeat(100_000)}}}]`)), 422, "unprocessable_entity"],
      ["missing seq", upload(rec, "", gz([click(2000)])), 400, "bad_request"],
      ["negative seq", upload(rec, -1, gz([click(2000)])), 400, "bad_request"],
      ["wrong content type", upload(rec, 1, gz([click(2000)]), { "content-type": "text/plain" }), 415, "unsupported_media_type"],
      ["unknown encoding", upload(rec, 1, gz([click(2000)]), { "content-encoding": "br" }), 415, "unsupported_media_type"],
    ];
    for (const [name, pending, status, code] of cases) {
      const res = await pending;
      expect({ name, status: res.status, code: res.json?.error?.code }).toEqual({ name, status, code });
      expect(typeof res.json.error.message).toBe("string");
    }
    expect(await storedState(rec.session.recordingId)).toEqual(before);
  });

  it("re-masks typed text and snapshot values under the strict preset before storing", async () => {
    const rec = await startRecording();
    const secret = "4111 1111 1111 1111 jane@example.com";
    const snapshot = {
      type: 2,
      timestamp: T0 + 1001,
      data: {
        node: {
          type: 0,
          id: 1,
          childNodes: [
            { type: 2, id: 2, tagName: "input", attributes: { value: secret, placeholder: "Jane Doe" }, childNodes: [] },
            { type: 2, id: 3, tagName: "p", attributes: {}, childNodes: [{ type: 3, id: 4, textContent: "Hello Jane Doe" }] },
          ],
        },
        initialOffset: { top: 0, left: 0 },
      },
    };
    const mutation = {
      type: 3,
      timestamp: T0 + 1200,
      data: {
        source: 0,
        adds: [{ parentId: 1, nextId: null, node: { type: 2, id: 9, tagName: "textarea", attributes: { value: secret }, childNodes: [] } }],
        attributes: [{ id: 2, attributes: { value: secret } }],
        texts: [{ id: 4, value: "Jane Doe again" }],
        removes: [],
      },
    };
    const res = await upload(rec, 0, gz([meta(1000), snapshot, mutation, typed(1300, secret)]));
    expect(res.status).toBe(200);
    const stored = JSON.stringify(await readAllEvents(rec.session.recordingId));
    expect(stored).not.toContain("4111");
    expect(stored).not.toContain("jane@example.com");
    expect(stored).not.toContain("Jane");
    expect(stored).toContain('"text":"********"');
  });

  it("scrubs a tampered recorder's console messages, frame URLs and request paths before storing", async () => {
    const rec = await startRecording();
    const consoleEvent = {
      type: 6,
      timestamp: T0 + 1001,
      data: {
        plugin: "rrweb/console@1",
        payload: {
          level: "error",
          payload: ["Uncaught", "TypeError: no total for jane.doe@example.com"],
          trace: ["pay (http://glimpse.test/app.js?token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqYW5lIn0.c2lnbmF0dXJl:12:7)", "http://glimpse.test/boot.js:1:9"],
        },
      },
    };
    const network = {
      type: 5,
      timestamp: T0 + 1002,
      data: { tag: "glimpse/network", payload: { method: "POST", url: "http://glimpse.test/api/cards/4111111111111111/pay", status: 402, durationMs: 90, failed: true } },
    };
    expect((await upload(rec, 0, gz([meta(1000), consoleEvent, network]))).status).toBe(200);
    const events = await readAllEvents(rec.session.recordingId);
    const stored = JSON.stringify(events);
    for (const secret of ["jane", "eyJ", "token=", "4111"]) expect(stored).not.toContain(secret);
    expect(events[1]?.data.payload).toEqual({
      level: "error",
      payload: ["Uncaught", "TypeError: no total for [email]"],
      trace: ["pay (http://glimpse.test/app.js:12:7)", "http://glimpse.test/boot.js:1:9"],
    });
    expect(events[2]?.data.payload).toEqual({ method: "POST", url: "http://glimpse.test/api/cards/[card]/pay", status: 402, durationMs: 90, failed: true });
  });

  it("keeps only the events the recorder emits, whatever a tampered recorder adds, and stores a retry byte for byte", async () => {
    const rec = await startRecording();
    const card = "4111 1111 1111 1111";
    const batch = [
      meta(1000),
      { type: 4, timestamp: T0 + 1001, data: { href: "http://glimpse.test/account?email=jane@example.com#pw=hunter2", width: 800, height: 600 } },
      { type: 5, timestamp: T0 + 1002, data: { tag: "keylog", payload: { typed: card } } },
      { type: 6, timestamp: T0 + 1003, data: { plugin: "evil/keylog@1", payload: { typed: card } } },
      {
        type: 5,
        timestamp: T0 + 1004,
        data: { tag: "glimpse/network", payload: { method: "POST", url: "http://glimpse.test/login?user=jane", status: 500, durationMs: 321, failed: true, body: "password=hunter2" } },
      },
      { type: 5, timestamp: T0 + 1005, data: { tag: "glimpse/nav", payload: { href: "http://glimpse.test/cart" } } },
      { type: 5, timestamp: T0 + 1006, data: { tag: "glimpse/stopped", payload: { reason: "max_duration" } } },
      { type: 6, timestamp: T0 + 1007, data: { plugin: "rrweb/console@1", payload: { level: "error", payload: ["********"], trace: [] } } },
      click(1008),
    ];
    const first = await upload(rec, 0, gz(batch));
    expect(first.status).toBe(200);
    const state = await storedState(rec.session.recordingId);
    const events = await readAllEvents(rec.session.recordingId);
    const stored = JSON.stringify(events);
    for (const secret of ["4111", "hunter2", "jane", "keylog", "password", "?"]) expect(stored).not.toContain(secret);
    expect(events.map((e: { type: number; data: any }) => e.data.tag ?? e.data.plugin ?? e.data.href ?? e.data.source)).toEqual([
      "http://glimpse.test/demo",
      "http://glimpse.test/account",
      "glimpse/network",
      "glimpse/nav",
      "glimpse/stopped",
      "rrweb/console@1",
      2,
    ]);
    expect(events[2]?.data.payload).toEqual({ method: "POST", url: "http://glimpse.test/login", status: 500, durationMs: 321, failed: true });

    expect((await upload(rec, 0, gz(batch))).json).toMatchObject({ duplicate: true });
    expect(await storedState(rec.session.recordingId)).toEqual(state);

    const nothingLeft = await upload(rec, 1, gz([{ type: 5, timestamp: T0 + 2000, data: { tag: "keylog", payload: { typed: card } } }]));
    expect(nothingLeft).toMatchObject({ status: 422, json: { error: { code: "unprocessable_entity" } } });
    expect(await storedState(rec.session.recordingId)).toEqual(state);
  });

  it("refuses timestamps outside a day around the recording with 422, and stores nothing", async () => {
    const rec = await startRecording();
    expect((await upload(rec, 0, gz([meta(1000)]))).status).toBe(200);
    const before = await storedState(rec.session.recordingId);
    const { startedAt } = await db.recording.findUniqueOrThrow({ where: { id: rec.session.recordingId } });
    const day = 24 * 60 * 60_000;
    for (const timestamp of [253402300800000, 8.64e15, 0, Date.now() + day + 60_000, startedAt.getTime() - day - 60_000]) {
      const res = await upload(rec, 1, gz([click(2000), { ...click(2001), timestamp }]));
      expect({ timestamp, status: res.status, code: res.json?.error?.code }).toEqual({ timestamp, status: 422, code: "unprocessable_entity" });
    }
    expect(await storedState(rec.session.recordingId)).toEqual(before);
    // A device clock a few hours off either way is still fine.
    expect((await upload(rec, 1, gz([{ ...click(0), timestamp: Date.now() - 5 * 3600_000 }, { ...click(0), timestamp: Date.now() + 5 * 3600_000 }]))).status).toBe(200);
  });

  it("stops taking new batches past the maximum length, and finishes the recording", async () => {
    const rec = await startRecording({ maxDurationMinutes: 1 });
    expect((await upload(rec, 0, gz([meta(1000)]))).status).toBe(200);
    await db.recording.update({ where: { id: rec.session.recordingId }, data: { startedAt: new Date(Date.now() - 3 * 60_000) } });
    const late = await upload(rec, 1, gz([click(2000)]));
    expect(late.status).toBe(410);
    const retry = await upload(rec, 0, gz([meta(1000)]));
    expect(retry.json).toMatchObject({ duplicate: true });
    const recording = await db.recording.findUniqueOrThrow({ where: { id: rec.session.recordingId }, include: { link: true } });
    expect(recording.status).toBe("finished");
    expect(recording.link.status).toBe("finished");
    expect(recording.chunkCount).toBe(1);
  });
});

describe("CORS preflight", () => {
  const preflight = (handler: THandler, path: string, origin: string, params: Record<string, string> = {}) =>
    send(handler, {
      path,
      method: "OPTIONS",
      params,
      headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type, x-glimpse-seq" },
    });

  it("allows the site's origin and denies others", async () => {
    const rec = await startRecording();
    const path = `/api/recorder/sessions/${rec.session.recordingId}/events`;
    const allowed = await preflight(optionsEvents, path, rec.origin, { id: rec.session.recordingId });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(rec.origin);
    expect(allowed.headers.get("access-control-allow-methods")).toBe("POST");
    expect(allowed.headers.get("access-control-allow-headers")).toContain("x-glimpse-seq");
    expect(allowed.headers.get("access-control-allow-headers")).toContain("content-encoding");

    const denied = await preflight(optionsEvents, path, "https://evil.example", { id: rec.session.recordingId });
    expect(denied.status).toBe(403);
    expect(denied.headers.get("access-control-allow-origin")).toBeNull();
    // An unknown id is answered as an existing one: a preflight must not tell which ids exist.
    const unknown = await preflight(optionsEvents, "/api/recorder/sessions/nope/events", rec.origin, { id: "nope" });
    expect(unknown.status).toBe(allowed.status);
    expect(unknown.headers.get("access-control-allow-origin")).toBe(rec.origin);
    const unknownDenied = await preflight(optionsEvents, "/api/recorder/sessions/nope/events", "https://evil.example", { id: "nope" });
    expect(unknownDenied.status).toBe(denied.status);

    expect((await preflight(optionsSession, "/api/recorder/sessions", rec.origin)).headers.get("access-control-allow-origin")).toBe(rec.origin);
    expect((await preflight(optionsSession, "/api/recorder/sessions", "https://evil.example")).status).toBe(403);
  });
});

describe("finish and withdraw", () => {
  const end = (handler: THandler, rec: Awaited<ReturnType<typeof startRecording>>, token = rec.session.uploadToken) =>
    send(handler, {
      path: `/api/recorder/sessions/${rec.session.recordingId}/x`,
      params: { id: rec.session.recordingId },
      headers: { origin: rec.origin, authorization: `Bearer ${token}` },
    });

  it("finish keeps the recording, ends the link, and refuses new batches afterwards", async () => {
    const rec = await startRecording();
    await upload(rec, 0, gz([meta(1000)]));
    expect((await end(postFinish, rec, "wrong")).status).toBe(401);
    const res = await end(postFinish, rec);
    expect(res).toMatchObject({ status: 200, json: { status: "finished" } });
    expect((await end(postFinish, rec)).json).toEqual({ status: "finished" });
    expect((await upload(rec, 1, gz([click(2000)]))).status).toBe(409);
    expect((await upload(rec, 0, gz([meta(1000)]))).json).toMatchObject({ duplicate: true });
    const recording = await db.recording.findUniqueOrThrow({ where: { id: rec.session.recordingId }, include: { link: true } });
    expect([recording.status, recording.link.status]).toEqual(["finished", "finished"]);
    expect(await readAllEvents(rec.session.recordingId)).toHaveLength(1);
  });

  it("withdraw purges at once, records the withdrawal, and kills the upload token", async () => {
    const rec = await startRecording();
    await upload(rec, 0, gz([meta(1000), click(1200)]));
    const res = await end(postWithdraw, rec);
    expect(res).toMatchObject({ status: 200, json: { status: "purged" } });
    expect(res.headers.get("access-control-allow-origin")).toBe(rec.origin);
    const recording = await db.recording.findUniqueOrThrow({ where: { id: rec.session.recordingId }, include: { link: true }, omit: { wrappedKey: false } });
    expect(recording).toMatchObject({ status: "purged", purgeReason: "withdrawn", wrappedKey: null });
    expect(recording.link.status).toBe("withdrawn");
    expect(await db.chunk.count({ where: { recordingId: rec.session.recordingId } })).toBe(0);
    const consents = await db.consent.findMany({ where: { linkId: rec.link.id }, orderBy: { createdAt: "asc" } });
    expect(consents.map((c) => c.decision)).toEqual(["accepted", "withdrawn"]);
    expect(consents[1]!.noticeHash).toBe(consents[0]!.noticeHash);
    expect((await upload(rec, 1, gz([click(2000)]))).status).toBe(401);
  });
});

describe("upload pace", () => {
  it("asks for uploads every second while an agent follows the recording live, every 5 s otherwise", async () => {
    const rec = await startRecording();
    const first = await upload(rec, 0, gz([meta(1000), click(1001)]));
    expect(first.json).toMatchObject({ seq: 0, flushMs: 5000 });

    const controller = new AbortController();
    const reader = streamLiveEvents(rec.session.recordingId, { signal: controller.signal }).getReader();
    await reader.read(); // the stream has started and marked the recording as watched
    await expect.poll(async () => (await upload(rec, 1, gz([click(2000)]))).json.flushMs).toBe(1000);
    controller.abort();

    const recording = await db.recording.findUniqueOrThrow({ where: { id: rec.session.recordingId } });
    expect(recording.liveWatchedAt).not.toBeNull();
    await db.recording.update({ where: { id: recording.id }, data: { liveWatchedAt: new Date(Date.now() - 11_000) } });
    expect((await upload(rec, 2, gz([click(3000)]))).json).toMatchObject({ seq: 2, flushMs: 5000 });
  });
});

describe("recording ids cannot be probed (issue 8 item 27)", () => {
  it("an existing recording id and an unknown one get the same answer without its upload token, whatever the origin", async () => {
    const rec = await startRecording();
    const other = await createSite({ name: "Probe shop", allowedOrigins: ["https://probe.example"], startUrl: "https://probe.example/", privacyPreset: "strict", maskSelectors: "", blockSelectors: "", unmaskSelectors: "" }, { type: "system" });
    expect(other.id).toBeTruthy();
    const answer = async (handler: THandler, id: string, origin: string, token: string) => {
      const res = await send(handler, {
        path: `/api/recorder/sessions/${id}/x`,
        params: { id },
        headers: { origin, authorization: `Bearer ${token}`, "x-glimpse-seq": "0", "content-type": "application/json" },
        body: JSON.stringify([click(2000)]),
      });
      return [res.status, res.json?.error?.code, res.headers.get("access-control-allow-origin")];
    };
    for (const handler of [postEvents, postFinish, postWithdraw]) {
      for (const origin of ["https://evil.example", "https://probe.example", rec.origin]) {
        // A near miss: the real token with its last character changed (never to itself).
        const nearMiss = rec.session.uploadToken.slice(0, -1) + (rec.session.uploadToken.endsWith("x") ? "y" : "x");
        for (const token of ["nope", nearMiss]) {
          const existing = await answer(handler, rec.session.recordingId, origin, token);
          const unknown = await answer(handler, "cl0000000000000000000000", origin, token);
          expect(existing, `${origin} ${token}`).toEqual(unknown);
        }
      }
    }
    // With its token, the recording answers, and a foreign origin is still refused.
    expect((await upload(rec, 0, gz([meta(1000)]))).status).toBe(200);
    expect((await upload(rec, 1, gz([click(2000)]), { origin: "https://probe.example" })).status).toBe(403);
    expect(await db.chunk.count({ where: { recordingId: rec.session.recordingId } })).toBe(1);
  });
});

describe("which answers the recorder endpoints let a page read", () => {
  const row = (res: { status: number; json: any; headers: Headers }) =>
    [res.status, res.json?.error?.code ?? "ok", res.headers.get("access-control-allow-origin") ? "cors" : "-"].join(" ");

  it("POST /sessions: an origin no site allows gets a bare 403; the grant's site decides the rest, readable", async () => {
    const other = "https://cors-other.example";
    await createSite({ name: "CORS other", allowedOrigins: [other], startUrl: `${other}/`, privacyPreset: "strict", maskSelectors: "", blockSelectors: "", unmaskSelectors: "" }, { type: "system" });
    const answers: Record<string, string> = {};
    for (const origin of ["https://evil.example", other, "own"]) {
      for (const grant of ["unknown", "bad body", "expired", "valid"]) {
        const accepted = await acceptTestLink();
        if (grant === "expired") await db.grant.updateMany({ where: { linkId: accepted.link.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
        const body = grant === "bad body" ? "{not json" : JSON.stringify({ grant: grant === "unknown" ? "not-a-grant" : accepted.grant });
        const res = await send(postSession, {
          path: "/api/recorder/sessions",
          headers: { origin: origin === "own" ? accepted.origin : origin, "content-type": "application/json" },
          body,
        });
        answers[`${origin === "own" ? "own" : origin === other ? "other site" : "no site"} / ${grant}`] = row(res);
      }
    }
    expect(answers).toEqual({
      "no site / unknown": "403 forbidden -",
      "no site / bad body": "403 forbidden -",
      "no site / expired": "403 forbidden -",
      "no site / valid": "403 forbidden -",
      "other site / unknown": "401 unauthorized cors",
      "other site / bad body": "400 bad_request cors",
      "other site / expired": "403 forbidden cors",
      "other site / valid": "403 forbidden cors",
      "own / unknown": "401 unauthorized cors",
      "own / bad body": "400 bad_request cors",
      "own / expired": "410 gone cors",
      "own / valid": "201 ok cors",
    });
  });

  it("events, finish and withdraw: the recording's own site is consulted only once the token matches", async () => {
    const other = "https://cors-other2.example";
    await createSite({ name: "CORS other 2", allowedOrigins: [other], startUrl: `${other}/`, privacyPreset: "strict", maskSelectors: "", blockSelectors: "", unmaskSelectors: "" }, { type: "system" });
    for (const [name, handler] of [["events", postEvents], ["finish", postFinish], ["withdraw", postWithdraw]] as const) {
      const answers: Record<string, string> = {};
      const otherRec = await startRecording();
      for (const token of ["none", "wrong", "another recording's", "expired", "valid"]) {
        const rec = await startRecording();
        for (const origin of ["https://evil.example", other, "own"]) {
          if (token === "expired") await db.recording.update({ where: { id: rec.session.recordingId }, data: { uploadTokenExpiresAt: new Date(Date.now() - 1000) } });
          const bearer = { none: "", wrong: "Bearer nope", "another recording's": `Bearer ${otherRec.session.uploadToken}`, expired: `Bearer ${rec.session.uploadToken}`, valid: `Bearer ${rec.session.uploadToken}` }[token];
          const res = await send(handler, {
            path: `/api/recorder/sessions/${rec.session.recordingId}/${name}`,
            params: { id: rec.session.recordingId },
            headers: { origin: origin === "own" ? rec.origin : origin, authorization: bearer!, "x-glimpse-seq": "0", "content-type": "application/json" },
            body: JSON.stringify([meta(1000)]),
          });
          answers[`${token} / ${origin === "own" ? "own" : origin === other ? "other site" : "no site"}`] = row(res);
        }
      }
      expect({ name, answers }).toEqual({
        name,
        answers: {
          "none / no site": "403 forbidden -",
          "none / other site": "401 unauthorized cors",
          "none / own": "401 unauthorized cors",
          "wrong / no site": "403 forbidden -",
          "wrong / other site": "401 unauthorized cors",
          "wrong / own": "401 unauthorized cors",
          "another recording's / no site": "403 forbidden -",
          "another recording's / other site": "401 unauthorized cors",
          "another recording's / own": "401 unauthorized cors",
          "expired / no site": "403 forbidden -",
          "expired / other site": "403 forbidden -",
          "expired / own": "401 unauthorized cors",
          "valid / no site": "403 forbidden -",
          "valid / other site": "403 forbidden -",
          "valid / own": "200 ok cors",
        },
      });
    }
  });
});
