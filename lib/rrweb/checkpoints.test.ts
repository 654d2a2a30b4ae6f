import { describe, expect, it } from "vitest";
import { clampToSnapshot, fromLatestCheckpoint, trimToCheckpoint } from "./checkpoints";

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

describe("fromLatestCheckpoint", () => {
  it("starts at the Meta before the last FullSnapshot, and is null without both", () => {
    expect(fromLatestCheckpoint([meta(1), full(2), inc(3), meta(4), full(5), inc(6)] as any)!.map((e) => e.timestamp)).toEqual([4, 5, 6]);
    expect(fromLatestCheckpoint([full(2), inc(3)] as any)).toBeNull();
    expect(fromLatestCheckpoint([meta(1), inc(3)] as any)).toBeNull();
  });
});
