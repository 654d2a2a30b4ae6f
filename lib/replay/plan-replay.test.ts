import { describe, expect, it } from "vitest";
import { chunkAt, clampToSnapshot, segmentFor, trimToCheckpoint } from "./plan-replay";

const MIN = 60_000;
// A 60-minute recording in 5-second chunks with a checkpoint every 5 minutes.
const chunks = Array.from({ length: 720 }, (_, seq) => ({ seq, firstTs: seq * 5000, lastTs: seq * 5000 + 4999, hasCheckpoint: seq % 60 === 0 }));

describe("segmentFor", () => {
  it("loads only the first checkpoint's segment to start", () => {
    expect(segmentFor(chunks, 0)).toEqual({ fromSeq: 0, toSeq: 59 });
  });
  it("loads from the nearest earlier checkpoint for a deep seek", () => {
    expect(segmentFor(chunks, 45 * MIN)).toEqual({ fromSeq: 540, toSeq: 599 });
    expect(segmentFor(chunks, 47 * MIN + 30_000)).toEqual({ fromSeq: 540, toSeq: 599 });
    expect(segmentFor(chunks, 59 * MIN)).toEqual({ fromSeq: 660, toSeq: 719 });
  });
  it("starts at the first checkpoint when chunks before it have none, and is null without any", () => {
    const late = [{ seq: 0, firstTs: 0, lastTs: 10, hasCheckpoint: false }, { seq: 1, firstTs: 20, lastTs: 30, hasCheckpoint: true }];
    expect(segmentFor(late, 0)).toEqual({ fromSeq: 1, toSeq: 1 });
    expect(segmentFor([{ seq: 0, firstTs: 0, lastTs: 10, hasCheckpoint: false }], 5)).toBeNull();
  });
  it("finds the chunk holding a time", () => {
    expect(chunkAt(chunks, 45 * MIN + 1)).toBe(540);
    expect(chunkAt(chunks, -5)).toBe(0);
  });
});

const meta = (ts: number) => ({ type: 4, timestamp: ts, data: { href: "https://shop.test/", width: 1, height: 1 } });
const full = (ts: number) => ({ type: 2, timestamp: ts, data: { node: {} } });
const inc = (ts: number) => ({ type: 3, timestamp: ts, data: { source: 1 } });

describe("trimToCheckpoint and clampToSnapshot", () => {
  it("drops events before the first Meta + FullSnapshot", () => {
    expect(trimToCheckpoint([inc(1), inc(2), meta(3), full(4), inc(5)] as any).map((e) => e.timestamp)).toEqual([3, 4, 5]);
    expect(trimToCheckpoint([inc(1)] as any)).toEqual([]);
  });
  it("moves a seek between a Meta and its FullSnapshot (or onto the snapshot) to just after it, and leaves others", () => {
    const events = [meta(1000), full(1061), inc(2000), meta(61_206), full(61_267), inc(62_000)] as any;
    expect(clampToSnapshot(events, 61_230)).toBe(61_268);
    expect(clampToSnapshot(events, 61_206)).toBe(61_268);
    expect(clampToSnapshot(events, 61_267)).toBe(61_268);
    expect(clampToSnapshot(events, 1030)).toBe(1062);
    expect(clampToSnapshot(events, 30_000)).toBe(30_000);
    expect(clampToSnapshot(events, 61_268)).toBe(61_268);
    expect(clampToSnapshot(events, 70_000)).toBe(70_000);
    expect(clampToSnapshot(events, 500)).toBe(500);
  });
});
