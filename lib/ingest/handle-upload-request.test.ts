import http from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getEvents } from "@/app/api/v1/recordings/[id]/events/route";
import { createApiKey } from "../api-keys/create-api-key";
import { acceptTestLink } from "../consent/accept-test-link";
import { db } from "../db";
import { SECURITY_HEADERS } from "../http/security-headers";
import { startSession } from "../recorder-sessions/start-session";
import { getRecordingDetail } from "../recordings/get-recording-detail";
import { createUser } from "../users/create-user";
import { handleUploadRequest, uploadRecordingId } from "./handle-upload-request";

// The lean upload handler on a real node:http server, as scripts/server.mjs mounts it in front of Next.
let server: http.Server;
let base = "";

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const id = uploadRecordingId(req);
    if (id) return void handleUploadRequest(req, res, id);
    res.writeHead(404).end("not an upload");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const T0 = Date.now();
const meta = (ts: number) => ({ type: 4, timestamp: T0 + ts, data: { href: "http://glimpse.test/demo?q=1", width: 1280, height: 720 } });
const click = (ts: number, id = 7) => ({ type: 3, timestamp: T0 + ts, data: { source: 2, type: 2, id, x: 10, y: 20 } });
const gz = (value: unknown) => gzipSync(Buffer.from(JSON.stringify(value)));

async function startRecording() {
  const accepted = await acceptTestLink({ maxDurationMinutes: 120 });
  const session = await startSession({ grant: accepted.grant, origin: accepted.origin, userAgent: "vitest" });
  return { origin: accepted.origin, recordingId: session.recordingId, uploadToken: session.uploadToken };
}

type TRec = Awaited<ReturnType<typeof startRecording>>;

async function upload(rec: TRec, seq: number | string, body: BodyInit, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/api/recorder/sessions/${rec.recordingId}/events`, {
    method: "POST",
    headers: { origin: rec.origin, authorization: `Bearer ${rec.uploadToken}`, "x-glimpse-seq": String(seq), "content-type": "application/json", "content-encoding": "gzip", ...headers },
    body,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: JSON.parse(text) };
}

async function storedState(recordingId: string) {
  const chunks = await db.chunk.findMany({ where: { recordingId }, orderBy: { seq: "asc" }, select: { seq: true, digest: true } });
  const r = await db.recording.findUniqueOrThrow({ where: { id: recordingId } });
  return { chunks, counters: [r.status, r.nextSeq, r.chunkCount, r.eventCount, r.storedBytes, r.markers, r.ingestState] };
}

describe("uploadRecordingId", () => {
  it("takes only POSTs to a well-formed upload path; everything else stays Next's", () => {
    const req = (method: string, url: string) => ({ method, url }) as http.IncomingMessage;
    expect(uploadRecordingId(req("POST", "/api/recorder/sessions/rec_1-A/events"))).toBe("rec_1-A");
    expect(uploadRecordingId(req("POST", "/api/recorder/sessions/rec_1/events?x=1"))).toBe("rec_1");
    for (const [method, url] of [
      ["OPTIONS", "/api/recorder/sessions/rec_1/events"],
      ["GET", "/api/recorder/sessions/rec_1/events"],
      ["POST", "/api/recorder/sessions/rec_1/events/"],
      ["POST", "/api/recorder/sessions/%ZZ/events"],
      ["POST", "/api/recorder/sessions/rec_1/finish"],
      ["POST", "/api/recorder/sessions"],
    ]) expect(uploadRecordingId(req(method!, url!)), `${method} ${url}`).toBeNull();
  });
});

describe("the lean upload handler", () => {
  it("stores a batch that the events API then returns, with the route's headers", async () => {
    const rec = await startRecording();
    const first = await upload(rec, 0, gz([meta(1000), click(1500)]));
    expect(first).toMatchObject({ status: 200, json: { seq: 0, duplicate: false, nextSeq: 1, flushMs: 5000 } });
    expect(first.headers.get("access-control-allow-origin")).toBe(rec.origin);
    expect(first.headers.get("vary")).toBe("Origin");
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(first.headers.get(name), name).toBe(value);
    expect((await upload(rec, 0, gz([meta(1000), click(1500)]))).json).toMatchObject({ duplicate: true, nextSeq: 1 });
    expect((await upload(rec, 1, JSON.stringify([click(2000, 8)]), { "content-encoding": "identity" })).json).toMatchObject({ seq: 1, nextSeq: 2 });

    const user = await createUser({ input: { email: `admin-${Math.random()}@example.test`, name: "Admin", password: "a long admin password", role: "admin" }, actor: { type: "system" } });
    const { key } = await createApiKey({ userId: user.id, name: "lean handler test", actor: { type: "system" } });
    const res = await getEvents(new Request(`http://glimpse.test/api/v1/recordings/${rec.recordingId}/events`, { headers: { authorization: `Bearer ${key}` } }), {
      params: Promise.resolve({ id: rec.recordingId }),
    });
    expect(res.status).toBe(200);
    const events = (await res.json()) as { type: number; timestamp: number }[];
    expect(events.map((e) => [e.type, e.timestamp])).toEqual([
      [4, T0 + 1000],
      [3, T0 + 1500],
      [3, T0 + 2000],
    ]);
  });

  it("gives each kind of bad input the route's 4xx and error shape, CORS only for an allowed origin, and stores nothing", async () => {
    const rec = await startRecording();
    const other = await startRecording();
    expect((await upload(rec, 0, gz([meta(1000)]))).status).toBe(200);
    const before = await storedState(rec.recordingId);
    const zipBomb = gzipSync(Buffer.alloc(50 * 1024 * 1024), { level: 9 });
    const cases: [string, () => ReturnType<typeof upload>, number, string][] = [
      ["wrong token", () => upload(rec, 1, gz([click(2000)]), { authorization: "Bearer nope" }), 401, "unauthorized"],
      ["no token", () => upload(rec, 1, gz([click(2000)]), { authorization: "" }), 401, "unauthorized"],
      ["another recording's token", () => upload(rec, 1, gz([click(2000)]), { authorization: `Bearer ${other.uploadToken}` }), 401, "unauthorized"],
      ["bad origin", () => upload(rec, 1, gz([click(2000)]), { origin: "https://evil.example" }), 403, "forbidden"],
      ["malformed JSON", () => upload(rec, 1, gzipSync(Buffer.from("[{"))), 400, "bad_request"],
      ["invalid gzip", () => upload(rec, 1, "this is not gzip"), 400, "bad_request"],
      ["zip bomb", () => upload(rec, 1, zipBomb), 413, "payload_too_large"],
      ["oversized batch", () => upload(rec, 1, Buffer.alloc(1024 * 1024 + 1), { "content-encoding": "identity" }), 413, "payload_too_large"],
      ["replayed seq with other content", () => upload(rec, 0, gz([click(9999)])), 409, "conflict"],
      ["out-of-order seq", () => upload(rec, 5, gz([click(2000)])), 409, "conflict"],
      ["non-array body", () => upload(rec, 1, gz({ events: [click(2000)] })), 422, "unprocessable_entity"],
      ["empty batch", () => upload(rec, 1, gz([])), 422, "unprocessable_entity"],
      ["timestamp beyond any date", () => upload(rec, 1, gz([{ ...click(2000), timestamp: 1e20 }])), 422, "unprocessable_entity"],
      ["missing seq", () => upload(rec, "", gz([click(2000)])), 400, "bad_request"],
      ["wrong content type", () => upload(rec, 1, gz([click(2000)]), { "content-type": "text/plain" }), 415, "unsupported_media_type"],
      ["unknown encoding", () => upload(rec, 1, gz([click(2000)]), { "content-encoding": "br" }), 415, "unsupported_media_type"],
    ];
    for (const [name, send, status, code] of cases) {
      const res = await send();
      expect({ name, status: res.status, code: res.json.error.code, message: typeof res.json.error.message }).toEqual({ name, status, code, message: "string" });
      expect(Object.keys(res.json), name).toEqual(["error"]);
      expect(res.headers.get("access-control-allow-origin"), name).toBe(code === "forbidden" ? null : rec.origin);
      expect(res.headers.get("x-content-type-options"), name).toBe("nosniff");
    }
    expect(await storedState(rec.recordingId)).toEqual(before);
  });

  it("answers an endless body with 413 soon after the cap, and a body cut off mid-way logs nothing", async () => {
    const rec = await startRecording();
    const { port } = new URL(base);
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const status = await new Promise<{ status: number; sent: number }>((resolve, reject) => {
      let sent = 0;
      let done = false;
      const req = http.request({ host: "127.0.0.1", port, path: `/api/recorder/sessions/${rec.recordingId}/events`, method: "POST", headers: { origin: rec.origin, authorization: `Bearer ${rec.uploadToken}`, "x-glimpse-seq": "0", "content-type": "application/json" } });
      const pump = () => {
        while (!done && sent < 64 * 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once("drain", pump);
        }
      };
      // The client goes on writing a while after the answer, as a browser's upload would: no reset meanwhile.
      req.on("response", (res) => {
        res.resume();
        const at = sent;
        setTimeout(() => {
          done = true;
          resolve({ status: res.statusCode!, sent: at });
          req.destroy();
        }, 300);
      });
      req.on("error", (error) => (done ? undefined : reject(error)));
      pump();
    });
    expect(status.status).toBe(413);
    expect(status.sent).toBeLessThan(16 * 1024 * 1024);

    const logged = vi.spyOn(console, "error");
    await new Promise<void>((resolve) => {
      const req = http.request({ host: "127.0.0.1", port, path: `/api/recorder/sessions/${rec.recordingId}/events`, method: "POST", headers: { origin: rec.origin, authorization: `Bearer ${rec.uploadToken}`, "x-glimpse-seq": "0", "content-type": "application/json", "content-length": "500000" } });
      req.on("error", () => resolve());
      req.write('[{"type":3,"data":"');
      setTimeout(() => (req.destroy(), setTimeout(resolve, 200)), 200);
    });
    expect(logged).not.toHaveBeenCalled();
    logged.mockRestore();
    expect((await upload(rec, 0, gz([meta(1000)]))).status).toBe(200);
  });

  it("keeps a batch's cost flat: the recording row stays the same size however long the recording, and the timeline is whole", async () => {
    const rec = await startRecording();
    const sizes: number[] = [];
    for (let seq = 0; seq < 120; seq++) {
      // A click every 5 s of recording, each on its own spot: one marker per batch.
      const events = seq === 0 ? [meta(0), click(100, 1)] : [click(seq * 5000, seq), { ...click(seq * 5000 + 2000, seq), data: { source: 1, positions: [{ x: 1, y: 1, id: 1, timeOffset: 0 }] } }];
      expect((await upload(rec, seq, gz(events))).status).toBe(200);
      const r = await db.recording.findUniqueOrThrow({ where: { id: rec.recordingId } });
      sizes.push(r.markers.length + r.pages.length + r.ingestState.length);
    }
    expect(Math.max(...sizes.slice(100))).toBeLessThanOrEqual(Math.max(...sizes.slice(10, 20)) + 64);
    const admin = { type: "user" as const, id: "u_admin", label: "admin@example.test", role: "admin" as const, userId: "u_admin" };
    const { recording } = await getRecordingDetail({ actor: admin, recordingId: rec.recordingId });
    expect(recording.pages).toEqual(["http://glimpse.test/demo"]);
    const clicks = recording.markers.filter((m) => m.kind !== "navigation");
    expect(clicks).toHaveLength(120);
    expect(clicks.map((m) => m.offsetMs)).toEqual([100, ...Array.from({ length: 119 }, (_, i) => (i + 1) * 5000)]);
  });
});
