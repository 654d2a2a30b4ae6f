import { describe, expect, it, vi } from "vitest";
import { onPostgres } from "@/tests/support/postgres-test-db";
import { db } from "../db";
import { createTicket } from "../tickets/create-ticket";
import { ensureDemoSite } from "../sites/ensure-demo-site";
import { createLink } from "../links/create-link";
import { createRecordingKey } from "./recording-key";
import { readUploadRow } from "../db/upload-rows";
import { forgetOpenTailsForTest, INDEX_SEAL_EVERY, storeChunk } from "./store-chunk";
import { readAllEvents } from "./read-events";
import { purgeRecordings } from "./purge-recordings";
import { unwrapRecordingKey } from "./recording-key";
import { openJson, sealJson } from "./sealed-json";
import { getRecordingDetail } from "./get-recording-detail";
import { deriveRecordingInfo, INTERNAL_MARKER_FIELDS, type TDerivedInfo } from "../ingest/derive-recording-info";
import type { TRrwebEvent } from "../rrweb/types";

const system = { type: "system" as const };

async function newRecording() {
  const site = await ensureDemoSite();
  const { ticket } = await createTicket({ input: { source: "manual", externalId: `T-${Math.random()}` }, actor: system });
  const { link } = await createLink({ ticketId: ticket.id, input: { siteId: site.id }, actor: system });
  const id = `rec_${Math.random().toString(36).slice(2)}`;
  const { wrappedKey } = createRecordingKey(id);
  return db.recording.create({
    data: { id, linkId: link.id, ticketId: ticket.id, siteId: site.id, privacy: "{}", wrappedKey, maxDurationMs: 60_000 },
  });
}

const meta = (ts: number, href: string) => ({ type: 4, timestamp: ts, data: { href, width: 800, height: 600 } });
const full = (ts: number) => ({ type: 2, timestamp: ts, data: { node: {}, initialOffset: { top: 0, left: 0 } } });

describe("storeChunk", () => {
  it("stores batches in order, encrypted, and acknowledges an identical retry without storing it", async () => {
    const rec = await newRecording();
    const batch0 = [meta(1000, "https://shop.test/a?secret=1"), full(1001)];
    await db.$transaction((tx) => storeChunk({ tx, recordingId: rec.id, seq: 0, events: batch0 }));
    const retry = await db.$transaction((tx) => storeChunk({ tx, recordingId: rec.id, seq: 0, events: batch0 }));
    expect(retry).toMatchObject({ duplicate: true, nextSeq: 1 });
    await db.$transaction((tx) => storeChunk({ tx, recordingId: rec.id, seq: 1, events: [meta(2000, "https://shop.test/b")] }));

    expect(await db.chunk.count({ where: { recordingId: rec.id } })).toBe(2);
    const stored = await db.chunk.findFirst({ where: { recordingId: rec.id, seq: 0 } });
    expect(Buffer.from(stored!.ciphertext).toString("latin1")).not.toContain("shop.test");
    expect(await readAllEvents(rec.id)).toEqual([...batch0, meta(2000, "https://shop.test/b")]);

    const after = await db.recording.findUniqueOrThrow({ where: { id: rec.id }, omit: { wrappedKey: false } });
    const key = unwrapRecordingKey(rec.id, after.wrappedKey!);
    // The row keeps only what a later batch could still change; the first page was settled with batch 1.
    expect(openJson({ key, recordingId: rec.id, field: "pages", text: after.pages, fallback: null })).toEqual(["https://shop.test/b"]);
    const admin = { type: "user" as const, id: "u_admin", label: "admin@example.test", role: "admin" as const, userId: "u_admin" };
    expect((await getRecordingDetail({ actor: admin, recordingId: rec.id })).recording.pages).toEqual(["https://shop.test/a", "https://shop.test/b"]);
    expect(after).toMatchObject({ nextSeq: 2, chunkCount: 2, eventCount: 3, viewport: "800x600" });
  });

  it("refuses a replayed seq with other content and an out-of-order seq, and changes nothing", async () => {
    const rec = await newRecording();
    await db.$transaction((tx) => storeChunk({ tx, recordingId: rec.id, seq: 0, events: [meta(1000, "https://shop.test/")] }));
    await expect(db.$transaction((tx) => storeChunk({ tx, recordingId: rec.id, seq: 0, events: [meta(1, "https://evil.test/")] }))).rejects.toMatchObject({ code: "conflict" });
    await expect(db.$transaction((tx) => storeChunk({ tx, recordingId: rec.id, seq: 5, events: [meta(1, "https://shop.test/")] }))).rejects.toMatchObject({ code: "conflict" });
    expect(await readAllEvents(rec.id)).toEqual([meta(1000, "https://shop.test/")]);
  });

  it("seals the derived pages and markers with the recording's key, and the detail still shows them", async () => {
    const rec = await newRecording();
    const href = "https://shop.test/account/jane.doe@example.com/orders";
    const consoleError = { type: 6, timestamp: 1500, data: { plugin: "rrweb/console@1", payload: { level: "error", payload: ['"jane.doe failed"'], trace: [] } } };
    await db.$transaction((tx) => storeChunk({ tx, recordingId: rec.id, seq: 0, events: [meta(1000, href), full(1001), consoleError] }));
    await db.$transaction((tx) => storeChunk({ tx, recordingId: rec.id, seq: 1, events: [meta(2000, "https://shop.test/account/jane.doe@example.com/cart")] }));

    const [raw] = await db.$queryRaw<{ pages: string; markers: string }[]>`SELECT "pages","markers" FROM "Recording" WHERE "id" = ${rec.id}`;
    expect(raw!.pages).toMatch(/^v1:/);
    expect(raw!.markers).toMatch(/^v1:/);
    for (const text of [raw!.pages, raw!.markers, Buffer.from(raw!.pages.slice(3), "base64").toString("latin1"), Buffer.from(raw!.markers.slice(3), "base64").toString("latin1")]) {
      expect(text).not.toContain("jane.doe");
      expect(text).not.toContain("shop.test");
    }

    // Sealed values are bound to their column and recording.
    const key = unwrapRecordingKey(rec.id, (await db.recording.findUniqueOrThrow({ where: { id: rec.id }, omit: { wrappedKey: false } })).wrappedKey!);
    expect(openJson({ key, recordingId: rec.id, field: "markers", text: raw!.pages, fallback: "nope" })).toBe("nope");
    expect(openJson({ key, recordingId: "rec_other", field: "pages", text: raw!.pages, fallback: "nope" })).toBe("nope");

    const admin = { type: "user" as const, id: "u_admin", label: "admin@example.test", role: "admin" as const, userId: "u_admin" };
    const { recording } = await getRecordingDetail({ actor: admin, recordingId: rec.id });
    expect(recording.pages).toEqual([href, "https://shop.test/account/jane.doe@example.com/cart"]);
    expect(recording.markers.map((m) => [m.kind, m.offsetMs, m.label])).toEqual([
      ["navigation", 0, href],
      ["console-error", 500, expect.stringContaining("jane.doe failed")],
      ["navigation", 1000, "https://shop.test/account/jane.doe@example.com/cart"],
    ]);

    await purgeRecordings({ ids: [rec.id], reason: "manual", actor: system });
    const purged = await getRecordingDetail({ actor: admin, recordingId: rec.id, includePurged: true });
    expect(purged.recording).toMatchObject({ status: "purged", pages: [], markers: [] });
  });

  it("names a click from a snapshot stored in an earlier batch, keeps that index sealed, and purges it", async () => {
    const rec = await newRecording();
    const button = { type: 2, id: 5, tagName: "button", attributes: {}, childNodes: [{ type: 3, id: 6, textContent: "Pay now" }] };
    const snapshot = { type: 2, timestamp: 1001, data: { node: { type: 0, id: 1, childNodes: [{ type: 2, id: 2, tagName: "body", attributes: {}, childNodes: [button] }] }, initialOffset: { top: 0, left: 0 } } };
    const click = { type: 3, timestamp: 3000, data: { source: 2, type: 2, id: 6, x: 10, y: 10 } };
    const answer = { type: 3, timestamp: 3100, data: { source: 0, adds: [], removes: [], texts: [{ id: 6, value: "Paying" }], attributes: [] } };
    await db.$transaction((tx) => storeChunk({ tx, recordingId: rec.id, seq: 0, events: [meta(1000, "https://shop.test/pay"), snapshot] }));
    await db.$transaction((tx) => storeChunk({ tx, recordingId: rec.id, seq: 1, events: [click, answer] }));

    const admin = { type: "user" as const, id: "u_admin", label: "admin@example.test", role: "admin" as const, userId: "u_admin" };
    const { recording } = await getRecordingDetail({ actor: admin, recordingId: rec.id });
    expect(recording.markers.map((m) => [m.kind, m.label])).toEqual([
      ["navigation", "https://shop.test/pay"],
      ["click", 'button "Pay now"'],
    ]);
    expect(recording.markers[1]).not.toHaveProperty("targetId");
    const [raw] = await db.$queryRaw<{ ingestState: string; ingestIndex: string | null }[]>`SELECT "ingestState", "ingestIndex" FROM "Recording" WHERE "id" = ${rec.id}`;
    const [sealedIndex] = await db.$queryRaw<{ seq: number; ingestIndex: string }[]>`SELECT "seq", "ingestIndex" FROM "Chunk" WHERE "recordingId" = ${rec.id} AND "ingestIndex" IS NOT NULL`;
    expect(raw!.ingestIndex).toBeNull();
    expect(Number(sealedIndex!.seq)).toBe(0);
    for (const text of [raw!.ingestState, sealedIndex!.ingestIndex]) {
      expect(text).toMatch(/^v1:/);
      expect(Buffer.from(text.slice(3), "base64").toString("latin1")).not.toContain("Pay");
    }

    await purgeRecordings({ ids: [rec.id], reason: "manual", actor: system });
    const [purged] = await db.$queryRaw<{ ingestState: string; ingestIndex: string | null }[]>`SELECT "ingestState", "ingestIndex" FROM "Recording" WHERE "id" = ${rec.id}`;
    expect(purged!.ingestState).toBe("");
    expect(purged!.ingestIndex).toBeNull();
  });

  it("seals the page index once every INDEX_SEAL_EVERY batches, and names a click after a restart from the batches stored since", async () => {
    const button = { type: 2, id: 5, tagName: "button", attributes: {}, childNodes: [{ type: 3, id: 6, textContent: "Pay now" }] };
    const snapshot = { type: 2, timestamp: 1001, data: { node: { type: 0, id: 1, childNodes: [{ type: 2, id: 2, tagName: "body", attributes: {}, childNodes: [button] }] }, initialOffset: { top: 0, left: 0 } } };
    const relabel = (ts: number, value: string) => ({ type: 3, timestamp: ts, data: { source: 0, adds: [], removes: [], texts: [{ id: 6, value }], attributes: [] } });
    const move = (ts: number) => ({ type: 3, timestamp: ts, data: { source: 1, positions: [{ x: 1, y: 1, id: 6, timeOffset: 0 }] } });
    const click = (ts: number) => ({ type: 3, timestamp: ts, data: { source: 2, type: 2, id: 6, x: 10, y: 10 } });
    const admin = { type: "user" as const, id: "u_admin", label: "admin@example.test", role: "admin" as const, userId: "u_admin" };
    const sealedIndexSeq = async (id: string) =>
      (await db.chunk.findFirst({ where: { recordingId: id, ingestIndex: { not: null } }, orderBy: { seq: "desc" }, select: { seq: true } }))?.seq;
    const last = INDEX_SEAL_EVERY + 3;
    const labels: string[] = [];
    for (const restart of [false, true]) {
      const rec = await newRecording();
      await storeChunk({ recordingId: rec.id, seq: 0, events: [meta(1000, "https://shop.test/pay"), snapshot] });
      for (let seq = 1; seq < last; seq++) {
        const t = 1000 + seq * 5000;
        // The label changes after the index was sealed at seq 0, and again after it was sealed at INDEX_SEAL_EVERY.
        const events = seq === 3 ? [relabel(t, "Confirm")] : seq === INDEX_SEAL_EVERY + 1 ? [relabel(t, "Confirm order")] : [move(t)];
        await storeChunk({ recordingId: rec.id, seq, events });
        expect(await sealedIndexSeq(rec.id), `after batch ${seq}`).toBe(seq < INDEX_SEAL_EVERY ? 0 : INDEX_SEAL_EVERY);
      }
      if (restart) forgetOpenTailsForTest();
      // On the Prisma path too: both read the sealed index and fold the batches after it.
      await db.$transaction((tx) => storeChunk({ tx, recordingId: rec.id, seq: last, events: [click(1000 + last * 5000)] }));
      const { recording } = await getRecordingDetail({ actor: admin, recordingId: rec.id });
      labels.push(recording.markers.find((m) => m.kind === "click")!.label);
    }
    expect(labels).toEqual(['button "Confirm order"', 'button "Confirm order"']);
  });

  it("reads a page index that an older version kept in the recording's row, then seals it onto the next batch", async () => {
    const rec = await newRecording();
    const button = { type: 2, id: 5, tagName: "button", attributes: {}, childNodes: [{ type: 3, id: 6, textContent: "Pay now" }] };
    const snapshot = { type: 2, timestamp: 1001, data: { node: { type: 0, id: 1, childNodes: [button] }, initialOffset: { top: 0, left: 0 } } };
    await storeChunk({ recordingId: rec.id, seq: 0, events: [meta(1000, "https://shop.test/pay"), snapshot] });
    // As the older version left it: the index in the row, sealed without a seq, and none on the chunks.
    const row = await db.recording.findUniqueOrThrow({ where: { id: rec.id }, omit: { wrappedKey: false } });
    const key = unwrapRecordingKey(rec.id, row.wrappedKey!);
    const chunk = await db.chunk.findFirstOrThrow({ where: { recordingId: rec.id, seq: 0 } });
    const index = openJson({ key, recordingId: rec.id, field: "ingestIndex", seq: 0, text: chunk.ingestIndex, fallback: null });
    expect(index).toMatchObject({ targets: { 5: { role: "button" } } });
    await db.chunk.update({ where: { id: chunk.id }, data: { ingestIndex: null } });
    await db.recording.update({ where: { id: rec.id }, data: { ingestIndex: sealJson({ key, recordingId: rec.id, field: "ingestIndex", value: index }) } });
    forgetOpenTailsForTest();

    await storeChunk({ recordingId: rec.id, seq: 1, events: [{ type: 3, timestamp: 3000, data: { source: 2, type: 2, id: 6, x: 10, y: 10 } }] });
    const admin = { type: "user" as const, id: "u_admin", label: "admin@example.test", role: "admin" as const, userId: "u_admin" };
    const { recording } = await getRecordingDetail({ actor: admin, recordingId: rec.id });
    expect(recording.markers.find((m) => m.kind === "click")?.label).toBe('button "Pay now"');
    expect((await db.recording.findUniqueOrThrow({ where: { id: rec.id } })).ingestIndex).toBeNull();
    expect((await db.chunk.findFirstOrThrow({ where: { recordingId: rec.id, seq: 1 } })).ingestIndex).toMatch(/^v1:/);
  });

  it("stores uploads that arrive together (one transaction on SQLite), each answered for itself", async () => {
    const recs = await Promise.all(Array.from({ length: 8 }, () => newRecording()));
    // Two different batches 0 for the first recording: exactly one is stored, the other is refused.
    const results = await Promise.allSettled([
      ...recs.map((rec, i) => storeChunk({ recordingId: rec.id, seq: 0, events: [meta(1000 + i, `https://shop.test/${i}`)] })),
      storeChunk({ recordingId: recs[0]!.id, seq: 0, events: [meta(5000, "https://shop.test/other")] }),
    ]);
    expect(results.slice(1, 8).map((r) => r.status)).toEqual(Array(7).fill("fulfilled"));
    expect([results[0]!.status, results[8]!.status].sort()).toEqual(["fulfilled", "rejected"]);
    for (const [i, rec] of recs.entries()) {
      const events = await readAllEvents(rec.id);
      expect(events).toHaveLength(1);
      if (i > 0) expect(events).toEqual([meta(1000 + i, `https://shop.test/${i}`)]);
      expect(await db.recording.findUniqueOrThrow({ where: { id: rec.id } })).toMatchObject({ nextSeq: 1, chunkCount: 1 });
    }
  });

  it("leaves nothing readable after a purge", async () => {
    const rec = await newRecording();
    await db.$transaction((tx) => storeChunk({ tx, recordingId: rec.id, seq: 0, events: [meta(1000, "https://shop.test/")] }));
    const [receipt] = (await purgeRecordings({ ids: [rec.id], reason: "manual", actor: system })).receipts;
    expect(receipt).toMatchObject({ chunks: 1 });
    expect(await db.chunk.count({ where: { recordingId: rec.id } })).toBe(0);
    const purged = await db.recording.findUniqueOrThrow({ where: { id: rec.id }, omit: { wrappedKey: false } });
    expect(purged.wrappedKey).toBeNull();
    await expect(readAllEvents(rec.id)).rejects.toMatchObject({ code: "not_found" });
    expect((await purgeRecordings({ ids: [rec.id], reason: "manual", actor: system })).receipts[0] ?? null).toBeNull();
  });

  // PostgreSQL: the upload's write runs at READ COMMITTED beside the purge's SERIALIZABLE transaction (lib/db/pg-upload-rows.ts).
  it("leaves no chunk behind when uploads race a purge of the same recording", { timeout: 60_000 }, async () => {
    for (let round = 0; round < 8; round++) {
      const rec = await newRecording();
      await storeChunk({ recordingId: rec.id, seq: 0, events: [meta(1000, "https://shop.test/")] });
      let seq = 1;
      let refused = false;
      const uploads = (async () => {
        while (!refused) {
          try {
            await storeChunk({ recordingId: rec.id, seq, events: [{ type: 3, timestamp: 1000 + seq, data: { source: 2, type: 2, id: seq } }] });
            seq += 1;
          } catch (error) {
            expect(error).toMatchObject({ code: expect.stringMatching(/^(not_found|conflict)$/) });
            refused = true;
          }
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 5 + round * 3));
      await purgeRecordings({ ids: [rec.id], reason: "manual", actor: system });
      await uploads;
      expect(await db.chunk.count({ where: { recordingId: rec.id } })).toBe(0);
      expect(await db.recording.findUniqueOrThrow({ where: { id: rec.id } })).toMatchObject({ status: "purged" });
    }
  });

  it("reads and writes the upload's times as UTC whatever the process's time zone", async () => {
    const rec = await newRecording();
    const expires = new Date("2026-12-02T10:00:00.123Z");
    await db.recording.update({ where: { id: rec.id }, data: { uploadTokenExpiresAt: expires } });
    const zone = process.env.TZ;
    process.env.TZ = "America/New_York";
    try {
      expect((await readUploadRow(rec.id))!.uploadTokenExpiresAt).toEqual(expires);
      await storeChunk({ recordingId: rec.id, seq: 0, events: [meta(Date.parse("2026-12-02T09:00:00.500Z"), "https://shop.test/")] });
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
    const stored = await db.recording.findUniqueOrThrow({ where: { id: rec.id } });
    expect(stored.lastEventAt).toEqual(new Date("2026-12-02T09:00:00.500Z"));
    expect(stored.nextSeq).toBe(1);
  });

  it("folds batches incrementally into the same timeline as folding the whole recording, on both write paths", async () => {
    const click = (ts: number, id: number, x: number) => ({ type: 3, timestamp: ts, data: { source: 2, type: 2, id, x, y: 100 } });
    const input = (ts: number, id: number) => ({ type: 3, timestamp: ts, data: { source: 5, id, text: "***", isChecked: false } });
    const nav = (ts: number, href: string) => ({ type: 5, timestamp: ts, data: { tag: "glimpse/nav", payload: { href } } });
    const error = (ts: number, n: number) => ({ type: 6, timestamp: ts, data: { plugin: "rrweb/console@1", payload: { level: "error", payload: [`"failure ${n}"`], trace: [] } } });
    const batches: TRrwebEvent[][] = [];
    for (let b = 0; b < 80; b++) {
      const t = 10_000 + b * 5000;
      const events: unknown[] = [];
      if (b % 20 === 0) events.push(meta(t, `https://shop.test/p${b % 40}`), full(t + 1), nav(t + 2, `https://shop.test/p${b % 40}#/r${b}`));
      // A burst of clicks that straddles the next batch: a rage click across two batches.
      if (b % 7 === 3) events.push(click(t + 4200, 9, 50), click(t + 4500, 9, 52), click(t + 4900, 9, 51));
      // Typing into what was clicked turns every other one back into a click.
      if (b % 7 === 4) events.push(click(t + 100, 9, 50), ...(b % 14 === 4 ? [input(t + 900, 9)] : []));
      if (b % 5 === 1) events.push(click(t + 300, 20 + b, 400), error(t + 600, b));
      if (b % 11 === 2) events.push(nav(t + 2500, `https://shop.test/spa${b}`));
      events.push({ type: 3, timestamp: t + 4990, data: { source: 1, positions: [{ x: 1, y: 1, id: 1, timeOffset: 0 }] } });
      batches.push(events as TRrwebEvent[]);
    }
    let whole: TDerivedInfo = { firstTs: null, markers: [], pages: [], viewport: null };
    for (const events of batches) whole = deriveRecordingInfo(whole, events);
    const expected = whole.markers.map((m) => {
      const out: Record<string, unknown> = { ...m };
      for (const f of INTERNAL_MARKER_FIELDS) delete out[f];
      return out;
    });
    expect(expected.map((m) => m.kind)).toEqual(expect.arrayContaining(["rage-click", "dead-click", "click", "console-error", "navigation"]));

    const admin = { type: "user" as const, id: "u_admin", label: "admin@example.test", role: "admin" as const, userId: "u_admin" };
    for (const path of ["prisma", "sqlite"] as const) {
      const rec = await newRecording();
      for (const [seq, events] of batches.entries()) {
        if (path === "prisma") await db.$transaction((tx) => storeChunk({ tx, recordingId: rec.id, seq, events }));
        else await storeChunk({ recordingId: rec.id, seq, events });
      }
      const { recording } = await getRecordingDetail({ actor: admin, recordingId: rec.id });
      expect(recording.markers, path).toEqual(expected);
      expect(recording.pages, path).toEqual(whole.pages);
      expect(await db.chunk.count({ where: { recordingId: rec.id, derived: { not: null } } }), path).toBeGreaterThan(10);
      const sealedAt = await db.chunk.findMany({ where: { recordingId: rec.id, ingestIndex: { not: null } }, select: { seq: true }, orderBy: { seq: "asc" } });
      expect(sealedAt.map((c) => c.seq), path).toEqual(Array.from({ length: Math.ceil(batches.length / INDEX_SEAL_EVERY) }, (_, i) => i * INDEX_SEAL_EVERY));
    }
  });
});

// On PostgreSQL every batch takes the Prisma path, inside a SERIALIZABLE transaction: one that read the sealed page index
// and the chunks after it each time held its pool connection long enough to starve two instances under load.
describe.skipIf(!onPostgres())("storeChunk on PostgreSQL", () => {
  it("reads no chunk for a batch after one this process stored, and catches up with one read after a restart", async () => {
    const { default: pg } = await import("pg");
    const chunkReads: string[] = [];
    const query = vi.spyOn(pg.Client.prototype, "query").mockName("pg query");
    const countReads = () => {
      for (const [arg] of query.mock.calls.splice(0)) {
        const text = typeof arg === "string" ? arg : (arg as { text?: string })?.text ?? "";
        if (/^\s*SELECT/i.test(text) && text.includes('"Chunk"')) chunkReads.push(text);
      }
      return chunkReads.splice(0).length;
    };
    try {
      const button = { type: 2, id: 5, tagName: "button", attributes: {}, childNodes: [{ type: 3, id: 6, textContent: "Pay" }] };
      const snapshot = { type: 2, timestamp: 1001, data: { node: { type: 0, id: 1, childNodes: [button] }, initialOffset: { top: 0, left: 0 } } };
      const move = (seq: number) => [{ type: 3, timestamp: 1000 + seq * 5000, data: { source: 1, positions: [{ x: 1, y: 1, id: 6, timeOffset: 0 }] } }];
      const rec = await newRecording();
      await storeChunk({ recordingId: rec.id, seq: 0, events: [meta(1000, "https://shop.test/pay"), snapshot] });
      countReads();
      const perBatch: number[] = [];
      for (let seq = 1; seq <= INDEX_SEAL_EVERY + 2; seq++) {
        await storeChunk({ recordingId: rec.id, seq, events: move(seq) });
        perBatch.push(countReads());
      }
      expect(perBatch).toEqual(Array(INDEX_SEAL_EVERY + 2).fill(0));

      // A restart, or another instance took the last batch: the sealed index, then the chunks stored after it, once.
      forgetOpenTailsForTest();
      await storeChunk({ recordingId: rec.id, seq: INDEX_SEAL_EVERY + 3, events: move(INDEX_SEAL_EVERY + 3) });
      expect(countReads()).toBe(2);
      await storeChunk({ recordingId: rec.id, seq: INDEX_SEAL_EVERY + 4, events: move(INDEX_SEAL_EVERY + 4) });
      expect(countReads()).toBe(0);
      expect(await db.recording.findUniqueOrThrow({ where: { id: rec.id } })).toMatchObject({ nextSeq: INDEX_SEAL_EVERY + 5 });
    } finally {
      query.mockRestore();
    }
  });
});
