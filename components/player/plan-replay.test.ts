import { describe, expect, it } from "vitest";
import { chunkAt, firstRangeFor, replayEventsPath, segmentFor, startTsFor } from "./plan-replay";

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

describe("firstRangeFor", () => {
  it("asks first for the checkpoint's chunks up to the one shown, not the whole segment", () => {
    expect(firstRangeFor(chunks, 0)).toEqual({ fromSeq: 0, toSeq: 0 });
    expect(firstRangeFor(chunks, 45 * MIN)).toEqual({ fromSeq: 540, toSeq: 540 });
    expect(firstRangeFor(chunks, 47 * MIN + 30_000)).toEqual({ fromSeq: 540, toSeq: 570 });
  });
  it("starts at the first checkpoint when the time is before it, and is null without any", () => {
    const late = [{ seq: 0, firstTs: 0, lastTs: 10, hasCheckpoint: false }, { seq: 1, firstTs: 20, lastTs: 30, hasCheckpoint: true }, { seq: 2, firstTs: 40, lastTs: 50, hasCheckpoint: false }];
    expect(firstRangeFor(late, 0)).toEqual({ fromSeq: 1, toSeq: 1 });
    expect(firstRangeFor(late, 45)).toEqual({ fromSeq: 1, toSeq: 2 });
    expect(firstRangeFor([{ seq: 0, firstTs: 0, lastTs: 10, hasCheckpoint: false }], 5)).toBeNull();
  });
});

describe("startTsFor", () => {
  it("opens at the first checkpoint, or at a linked moment clamped to the recording", () => {
    const late = [{ seq: 0, firstTs: 0, lastTs: 10, hasCheckpoint: false }, { seq: 1, firstTs: 20, lastTs: 30, hasCheckpoint: true }];
    expect(startTsFor(late, { firstTs: 0, lastTs: 30 })).toBe(20);
    expect(startTsFor(late, { firstTs: 0, lastTs: 30 }, 500)).toBe(30);
    expect(startTsFor(late, { firstTs: 0, lastTs: 30 }, -5)).toBe(0);
    expect(startTsFor([{ seq: 0, firstTs: 0, lastTs: 10, hasCheckpoint: false }], { firstTs: 0, lastTs: 10 })).toBeNull();
  });
});

describe("replayEventsPath", () => {
  it("names the range and the page view, in one order", () => {
    expect(replayEventsPath({ recordingId: "rec 1", viewId: 7, fromSeq: 0, toSeq: 3 })).toBe("/api/v1/recordings/rec%201/events?fromSeq=0&toSeq=3&view=7");
    expect(replayEventsPath({ recordingId: "rec_1", viewId: null, fromSeq: 2, toSeq: 2 })).toBe("/api/v1/recordings/rec_1/events?fromSeq=2&toSeq=2");
  });
});
