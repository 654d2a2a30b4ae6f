import { describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { db } from "@/lib/db";
import { updateSettings } from "@/lib/settings/update-settings";
import { createUser } from "@/lib/users/create-user";
import { call, seedActors } from "@/tests/fixtures/route-helpers";
import { GET as getEvents } from "./[id]/events/route";
import { GET as getLive } from "./[id]/live/route";
import { DELETE as deleteRecording, GET as getRecording } from "./[id]/route";
import { appendBatchFixture, checkpointEvents, clickEvent, consoleErrorEvent, createRecordingFixture, finishRecordingFixture, textChangeEvent } from "@/tests/fixtures/recordings";

const system = { type: "system" as const, label: "test" };

async function newAgent(name: string) {
  const user = await createUser({ input: { email: `${name}-${Math.random().toString(36).slice(2, 8)}@example.test`, name, password: "correct horse battery", role: "agent" }, actor: system });
  const { key } = await createApiKey({ userId: user.id, name: `${name} key`, actor: system });
  return { user, key };
}

async function accessAudit(recordingId: string) {
  const entries = await db.auditEntry.findMany({ where: { recordingId }, orderBy: { id: "asc" } });
  return entries.map((e) => [e.action, e.actorLabel]);
}

const T0 = 1_700_000_000_000;
const threeBatches = () => [
  [...checkpointEvents(T0, "https://shop.test/cart?session=abc"), clickEvent(T0 + 1000), textChangeEvent(T0 + 1200, "added")],
  [consoleErrorEvent(T0 + 5000, "boom"), textChangeEvent(T0 + 6000, "again")],
  [...checkpointEvents(T0 + 10_000, "https://shop.test/checkout", "Checkout"), textChangeEvent(T0 + 11_000, "paid")],
];

describe("recording access", () => {
  it("lets the requester, the assignee and admins in, audits each access, and answers 404 to other agents", async () => {
    const { admin, adminKey } = await seedActors();
    const requester = await newAgent("requester");
    const assignee = await newAgent("assignee");
    const other = await newAgent("other");
    const { recordingId } = await createRecordingFixture({ requesterId: requester.user.id, assigneeId: assignee.user.id, batches: threeBatches() });
    const params = { id: recordingId };

    for (const key of [requester.key, assignee.key, adminKey]) {
      expect((await call(getRecording, { key, params })).status).toBe(200);
      expect((await call(getEvents, { key, params })).status).toBe(200);
    }
    const before = await db.auditEntry.count({ where: { recordingId } });
    for (const handler of [getRecording, getEvents, getLive, deleteRecording]) {
      const res = await call(handler, { key: other.key, params, method: handler === deleteRecording ? "DELETE" : "GET" });
      expect(res.status).toBe(404);
      expect(res.json).toEqual({ error: { code: "not_found", message: "No such recording." } });
    }
    // Same answer as for a recording that does not exist, so existence is not revealed.
    expect((await call(getRecording, { key: other.key, params: { id: "nope" } })).json).toEqual((await call(getRecording, { key: other.key, params })).json);
    expect(await db.auditEntry.count({ where: { recordingId } })).toBe(before);
    expect((await db.recording.findUniqueOrThrow({ where: { id: recordingId } })).status).toBe("live");

    const exports = (await accessAudit(recordingId)).filter(([a]) => a === "recording.exported").map(([, who]) => who);
    expect(exports).toEqual([
      expect.stringContaining(requester.user.email),
      expect.stringContaining(assignee.user.email),
      expect.stringContaining(admin.email),
    ]);
    expect((await call(getRecording, { params })).status).toBe(401);
  });

  it("opens recordings to every agent when allAgentsCanWatch is on", async () => {
    const { admin } = await seedActors();
    const other = await newAgent("other");
    const { recordingId } = await createRecordingFixture({ requesterId: null, batches: threeBatches() });
    expect((await call(getRecording, { key: other.key, params: { id: recordingId } })).status).toBe(404);
    await updateSettings({ allAgentsCanWatch: true }, { type: "user", id: admin.id, label: admin.email, role: "admin" });
    expect((await call(getRecording, { key: other.key, params: { id: recordingId } })).status).toBe(200);
    await updateSettings({ allAgentsCanWatch: false }, { type: "user", id: admin.id, label: admin.email, role: "admin" });
    expect((await call(getRecording, { key: other.key, params: { id: recordingId } })).status).toBe(404);
  });
});

describe("GET /api/v1/recordings/:id", () => {
  it("answers metadata, the privacy snapshot, markers and the chunk index, without content", async () => {
    const { adminKey } = await seedActors();
    const { recordingId } = await createRecordingFixture({ batches: threeBatches(), privacy: { preset: "strict", maskAllText: true } });
    const { status, json } = await call(getRecording, { key: adminKey, params: { id: recordingId } });
    expect(status).toBe(200);
    expect(await db.auditEntry.count({ where: { recordingId, action: "recording.viewed" } })).toBe(1);
    expect(json.recording).toMatchObject({
      id: recordingId,
      status: "live",
      durationMs: 11_000,
      viewport: "1024x768",
      pages: ["https://shop.test/cart", "https://shop.test/checkout"],
      privacy: { preset: "strict", maskAllText: true },
      userAgent: expect.stringContaining("Chrome"),
    });
    expect(json.recording.markers.map((m: any) => [m.kind, m.offsetMs])).toEqual([
      ["navigation", 0],
      ["click", 1000],
      ["console-error", 5000],
      ["navigation", 10_000],
    ]);
    expect(json.recording.markers[1]).not.toHaveProperty("pending");
    expect(json.chunks.map((c: any) => [c.seq, c.hasCheckpoint, c.firstTs])).toEqual([
      [0, true, T0],
      [1, false, T0 + 5000],
      [2, true, T0 + 10_000],
    ]);
    expect(JSON.stringify(json)).not.toMatch(/added|paid|session=abc/);
    // The pages and markers served above are stored sealed with the recording's key.
    const rows = await db.$queryRaw<{ pages: string; markers: string }[]>`SELECT "pages","markers" FROM "Recording" WHERE "id" = ${recordingId}`;
    expect(rows[0]!.pages + rows[0]!.markers).not.toMatch(/shop\.test|boom/);
  });
});

describe("GET /api/v1/recordings/:id/events", () => {
  it("pages by seq, as JSON or NDJSON, and audits each export", async () => {
    const { adminKey } = await seedActors();
    const batches = threeBatches();
    const { recordingId } = await createRecordingFixture({ batches });
    const params = { id: recordingId };

    const all = await call(getEvents, { key: adminKey, params });
    expect(all.headers.get("content-type")).toContain("application/json");
    expect(all.json).toEqual(batches.flat());

    const middle = await call(getEvents, { key: adminKey, params, path: "/?fromSeq=1&toSeq=1" });
    expect(middle.json).toEqual(batches[1]);
    const tail = await call(getEvents, { key: adminKey, params, path: "/?fromSeq=2" });
    expect(tail.json).toEqual(batches[2]);
    const none = await call(getEvents, { key: adminKey, params, path: "/?fromSeq=9" });
    expect(none.json).toEqual([]);

    const req = new Request(`http://glimpse.test/?toSeq=0`, { headers: { authorization: `Bearer ${adminKey}`, accept: "application/x-ndjson" } });
    const res = await getEvents(req, { params: Promise.resolve(params) });
    expect(res.headers.get("content-type")).toContain("application/x-ndjson");
    const lines = (await res.text()).trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toEqual(batches[0]);

    const details = (await db.auditEntry.findMany({ where: { recordingId, action: "recording.exported" }, orderBy: { id: "asc" } })).map((e) => JSON.parse(e.details));
    expect(details.map((d) => [d.fromSeq, d.toSeq, d.format])).toEqual([
      [null, null, "json"],
      [1, 1, "json"],
      [2, null, "json"],
      [9, null, "json"],
      [null, 0, "ndjson"],
    ]);
  });

  it("rejects bad paging input with 422 and does not audit it", async () => {
    const { adminKey } = await seedActors();
    const { recordingId } = await createRecordingFixture({ batches: threeBatches() });
    for (const path of ["/?fromSeq=-1", "/?fromSeq=abc", "/?fromSeq=3&toSeq=1", "/?view=0"]) {
      const res = await call(getEvents, { key: adminKey, params: { id: recordingId }, path });
      expect(res.status, path).toBe(422);
      expect(res.json.error.code).toBe("unprocessable_entity");
    }
    expect(await db.auditEntry.count({ where: { recordingId, action: "recording.exported" } })).toBe(0);
  });

  it("does not audit page reads again under the reader's own page view, but does under anyone else's", async () => {
    const { admin, adminKey } = await seedActors();
    const requester = await newAgent("requester");
    const { recordingId } = await createRecordingFixture({ requesterId: requester.user.id, batches: threeBatches() });
    const view = await db.$transaction(async (tx) => {
      const { appendAudit } = await import("@/lib/audit/append-audit");
      return appendAudit(tx, { actor: { type: "apiKey", id: (await tx.apiKey.findFirstOrThrow({ where: { userId: admin.id } })).id, label: "admin", role: "admin", userId: admin.id }, action: "recording.viewed", recordingId });
    });
    await call(getEvents, { key: adminKey, params: { id: recordingId }, path: `/?fromSeq=0&toSeq=0&view=${view.id}` });
    expect(await db.auditEntry.count({ where: { recordingId, action: "recording.exported" } })).toBe(0);
    await call(getEvents, { key: requester.key, params: { id: recordingId }, path: `/?fromSeq=0&toSeq=0&view=${view.id}` });
    expect(await db.auditEntry.count({ where: { recordingId, action: "recording.exported" } })).toBe(1);
  });
});

describe("DELETE /api/v1/recordings/:id", () => {
  it("purges with a receipt, answers 204, and the API answers 404 afterwards", async () => {
    const { adminKey } = await seedActors();
    const requester = await newAgent("requester");
    const { recordingId, linkId } = await createRecordingFixture({ requesterId: requester.user.id, batches: threeBatches() });
    const res = await call(deleteRecording, { key: requester.key, params: { id: recordingId }, method: "DELETE" });
    expect(res.status).toBe(204);
    // The recording was live: its link ends too, rather than showing "recording" for ever.
    expect((await db.link.findUniqueOrThrow({ where: { id: linkId } })).status).toBe("finished");
    expect(await db.chunk.count({ where: { recordingId } })).toBe(0);
    const receipt = await db.auditEntry.findFirstOrThrow({ where: { recordingId, action: "recording.purged" } });
    expect(JSON.parse(receipt.details)).toMatchObject({ reason: "manual", chunks: 3 });
    expect(receipt.actorLabel).toContain(requester.user.email);

    expect((await call(getEvents, { key: adminKey, params: { id: recordingId } })).status).toBe(404);
    expect((await call(getLive, { key: adminKey, params: { id: recordingId } })).status).toBe(404);
    expect((await call(getRecording, { key: adminKey, params: { id: recordingId } })).status).toBe(404);
    expect((await call(deleteRecording, { key: adminKey, params: { id: recordingId }, method: "DELETE" })).status).toBe(404);
    const row = await db.recording.findUniqueOrThrow({ where: { id: recordingId } });
    expect(row).toMatchObject({ status: "purged", purgeReason: "manual", markers: "[]", pages: "[]" });
  });
});

/** Reads SSE messages from a live response until `until` returns true. */
async function readSse(res: Response, until: (messages: { event: string; data: any; id?: string }[]) => boolean) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const messages: { event: string; data: any; id?: string }[] = [];
  let buffer = "";
  const deadline = Date.now() + 10_000;
  while (!until(messages) && Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const fields = Object.fromEntries(block.split("\n").filter((l) => /^\w+:/.test(l)).map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 1).trim()]));
      if (fields.event) messages.push({ event: fields.event, id: fields.id, data: JSON.parse(fields.data ?? "null") });
    }
  }
  await reader.cancel();
  return messages;
}

describe("GET /api/v1/recordings/:id/live", () => {
  it("sends the latest checkpoint first, then new batches as they are stored, then end; audited once", async () => {
    const { adminKey } = await seedActors();
    const batches = threeBatches();
    const { recordingId } = await createRecordingFixture({ batches });
    const res = await getLive(new Request("http://glimpse.test/", { headers: { authorization: `Bearer ${adminKey}` } }), { params: Promise.resolve({ id: recordingId }) });
    expect(res.headers.get("content-type")).toContain("text/event-stream");

    const later = textChangeEvent(Date.now(), "live change");
    setTimeout(() => void appendBatchFixture(recordingId, [later]).then(() => finishRecordingFixture(recordingId)), 300);
    const messages = await readSse(res, (m) => m.some((x) => x.event === "end"));

    expect(messages.map((m) => [m.event, m.id])).toEqual([
      ["events", "2"],
      ["events", "3"],
      ["end", undefined],
    ]);
    // The latest checkpoint (batch 2), not the whole recording.
    expect(messages[0]!.data.events).toEqual(batches[2]);
    expect(typeof messages[0]!.data.customerNow).toBe("number");
    expect(messages[1]!.data.events).toEqual([later]);
    expect(messages[2]!.data).toEqual({ status: "finished" });
    expect(await db.auditEntry.count({ where: { recordingId, action: "recording.live_watched" } })).toBe(1);
  });

  it("resumes after Last-Event-ID without a new checkpoint, and audits the reconnect too", async () => {
    const { adminKey } = await seedActors();
    const batches = threeBatches();
    const { recordingId } = await createRecordingFixture({ batches, status: "finished" });
    const res = await getLive(new Request("http://glimpse.test/", { headers: { authorization: `Bearer ${adminKey}`, "last-event-id": "0" } }), { params: Promise.resolve({ id: recordingId }) });
    const messages = await readSse(res, (m) => m.some((x) => x.event === "end"));
    expect(messages[0]!.data.events).toEqual([...batches[1]!, ...batches[2]!]);
    const audited = await db.auditEntry.findMany({ where: { recordingId, action: "recording.live_watched" } });
    expect(audited.map((e) => JSON.parse(e.details))).toEqual([expect.objectContaining({ resumedAfterSeq: 0 })]);
  });

  it("starts from a Meta stored in the batch before its FullSnapshot", async () => {
    const { adminKey } = await seedActors();
    const [meta, full] = checkpointEvents(T0, "https://shop.test/");
    const { recordingId } = await createRecordingFixture({ batches: [[meta], [full, textChangeEvent(T0 + 50, "x")]], status: "finished" });
    const res = await getLive(new Request("http://glimpse.test/", { headers: { authorization: `Bearer ${adminKey}` } }), { params: Promise.resolve({ id: recordingId }) });
    const messages = await readSse(res, (m) => m.some((x) => x.event === "end"));
    expect(messages[0]!.data.events).toEqual([meta, full, textChangeEvent(T0 + 50, "x")]);
  });
});
