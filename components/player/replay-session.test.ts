import { describe, expect, it } from "vitest";
import type { TRrwebEvent } from "@/lib/rrweb/types";
import type { TPanelEntries } from "./panel-entries";
import { ReplaySession, type TReplayer } from "./replay-session";

// 100 one-second chunks with a checkpoint (Meta + FullSnapshot) every 40: at seq 0, 40 and 80.
const chunks = Array.from({ length: 100 }, (_, seq) => ({ seq, firstTs: seq * 1000, lastTs: seq * 1000 + 999, hasCheckpoint: seq % 40 === 0 }));
// Seq 50 logs a console error and seq 85 has a failed request, for the panels.
const panelEventsOf = (seq: number): TRrwebEvent[] =>
  seq === 50
    ? [{ type: 6, timestamp: 50_200, data: { plugin: "rrweb/console@1", payload: { level: "error", payload: ['"boom"'], trace: ["app.js:1:2"] } } }]
    : seq === 85
      ? [{ type: 5, timestamp: 85_300, data: { tag: "glimpse/network", payload: { method: "POST", url: "https://shop.test/api/pay", status: 402, durationMs: 80, failed: true } } }]
      : [];
const eventsOf = (seq: number): TRrwebEvent[] => [
  ...(seq % 40 === 0
    ? [{ type: 4, timestamp: seq * 1000, data: {} }, { type: 2, timestamp: seq * 1000 + 10, data: {} }, { type: 3, timestamp: seq * 1000 + 500, data: {} }]
    : [{ type: 3, timestamp: seq * 1000, data: {} }]),
  ...panelEventsOf(seq),
];

class FakeReplayer implements TReplayer {
  calls: string[] = [];
  added: TRrwebEvent[] = [];
  offset = 0;
  destroyed = false;
  handlers = new Map<string, (payload?: unknown) => void>();
  constructor(
    readonly events: TRrwebEvent[],
    readonly options: object,
  ) {}
  play(offset?: number) {
    if (offset !== undefined) this.offset = offset;
    this.calls.push(`play ${offset}`);
  }
  pause(offset?: number) {
    if (offset !== undefined) this.offset = offset;
    this.calls.push(`pause ${offset}`);
  }
  getCurrentTime() {
    return this.offset;
  }
  addEvent(event: unknown) {
    this.added.push(event as TRrwebEvent);
  }
  setConfig(config: object) {
    this.calls.push(`config ${JSON.stringify(config)}`);
  }
  on(event: string, handler: (payload?: unknown) => void) {
    this.handlers.set(event, handler);
  }
  destroy() {
    this.destroyed = true;
  }
}

type TPending = { fromSeq: number; toSeq: number; resolve: () => void; reject: (e: Error) => void };

/** A session whose event requests wait until the test answers them, in any order. */
function setup(opts: { chunks?: typeof chunks } = {}) {
  const pending: TPending[] = [];
  const requests: string[] = [];
  const replayers: FakeReplayer[] = [];
  const seen = { time: [] as number[], status: [] as string[], playing: [] as boolean[], error: [] as (string | null)[], entries: [] as TPanelEntries[] };
  const list = opts.chunks ?? chunks;
  const session = new ReplaySession({
    recordingId: "rec_1",
    viewId: 7,
    chunks: list,
    firstTs: 0,
    lastTs: list.at(-1)?.lastTs ?? 0,
    root: {} as HTMLElement,
    fetchEvents: ({ recordingId, viewId, fromSeq, toSeq }) => {
      requests.push(`${recordingId} ${viewId} ${fromSeq}-${toSeq}`);
      return new Promise((resolve, reject) => {
        pending.push({
          fromSeq,
          toSeq,
          resolve: () => resolve(Array.from({ length: toSeq - fromSeq + 1 }, (_, i) => eventsOf(fromSeq + i)).flat()),
          reject,
        });
      });
    },
    createReplayer: (_root, { events = [], ...options }) => {
      const replayer = new FakeReplayer(events, options);
      replayers.push(replayer);
      return replayer;
    },
  });
  session.on("time", (t) => seen.time.push(t));
  session.on("status", (s) => seen.status.push(s));
  session.on("playing", (p) => seen.playing.push(p));
  session.on("error", (e) => seen.error.push(e));
  session.on("entries", (e) => seen.entries.push(e));
  const settle = () => new Promise((r) => setTimeout(r, 0));
  /** Answers the oldest open request and lets the session react. */
  const answer = async () => {
    pending.shift()!.resolve();
    await settle();
  };
  return { session, pending, requests, replayers, seen, answer, settle };
}

describe("ReplaySession", () => {
  it("shows a frame from the checkpoint's chunk alone, plays it, and only then streams the rest in blocks", async () => {
    const { session, requests, replayers, seen, answer } = setup();
    void session.start();
    expect(requests).toEqual(["rec_1 7 0-0"]);
    expect(seen.status).toEqual(["loading"]);
    await answer();
    expect(replayers).toHaveLength(1);
    expect(replayers[0]!.events[0]).toMatchObject({ type: 4, timestamp: 0 });
    expect(replayers[0]!.calls).toEqual(["play 11"]);
    expect(seen.status).toEqual(["loading", "ready"]);
    expect(session.playing).toBe(true);
    expect(requests).toEqual(["rec_1 7 0-0", "rec_1 7 1-30"]);
    await answer();
    expect(requests.at(-1)).toBe("rec_1 7 31-60");
    await answer();
    expect(requests.at(-1)).toBe("rec_1 7 61-90");
    await answer();
    expect(requests.at(-1)).toBe("rec_1 7 91-99");
    await answer();
    expect(replayers[0]!.added.map((e) => e.timestamp)).toEqual(Array.from({ length: 99 }, (_, i) => eventsOf(1 + i).map((e) => e.timestamp)).flat());
    expect(requests).toHaveLength(5);
    session.destroy();
  });

  it("opens paused at a linked moment, from that moment's checkpoint, and clamps one beyond the end", async () => {
    const { session, requests, replayers, seen, answer } = setup();
    void session.start(45_500);
    expect(requests).toEqual(["rec_1 7 40-45"]);
    await answer();
    expect(replayers[0]!.events[0]).toMatchObject({ type: 4, timestamp: 40_000 });
    expect(replayers[0]!.calls).toEqual(["pause 5500"]);
    expect(session.playing).toBe(false);
    expect(seen.time.at(-1)).toBe(45_500);
    // The rest streams in, then the batches before the moment, for the panels.
    expect(requests.at(-1)).toBe("rec_1 7 46-75");
    await answer();
    expect(requests.at(-1)).toBe("rec_1 7 76-99");
    await answer();
    expect(requests.at(-1)).toBe("rec_1 7 0-29");
    session.destroy();

    const late = setup();
    void late.session.start(500_000);
    expect(late.requests).toEqual(["rec_1 7 80-99"]);
    await late.answer();
    expect(late.replayers[0]!.calls).toEqual(["pause 19999"]);
    expect(late.seen.time.at(-1)).toBe(99_999);
    late.session.destroy();

    // Onto a checkpoint's Meta: just past its snapshot, never a blank frame.
    const onMeta = setup();
    void onMeta.session.start(40_005);
    expect(onMeta.requests).toEqual(["rec_1 7 40-40"]);
    await onMeta.answer();
    expect(onMeta.replayers[0]!.calls).toEqual(["pause 11"]);
    // The clock reads the time asked for (a navigation marker's), not the snapshot's a few ms on:
    // e2e saw a marker listed at 0:07 show 0:08 when the snapshot fell past the second.
    expect(onMeta.seen.time.at(-1)).toBe(40_005);
    await onMeta.answer();
    void onMeta.session.seek(40_000);
    expect(onMeta.replayers[0]!.calls.at(-1)).toBe("pause 11");
    expect(onMeta.seen.time.at(-1)).toBe(40_000);
    onMeta.session.destroy();
  });

  it("waits for the stream when a seek lands in the shown segment beyond what is loaded, then goes there", async () => {
    const { session, replayers, seen, answer, settle } = setup();
    void session.start();
    await answer();
    await answer(); // 1-30 streamed in; 31-60 in flight
    session.pause();
    await session.seek(29_500);
    expect(replayers[0]!.calls.at(-1)).toBe("pause 29500");
    const far = session.seek(35_000);
    await settle();
    expect(seen.status.at(-1)).toBe("buffering");
    expect(replayers[0]!.calls.at(-1)).toBe("pause 29500");
    await answer();
    await far;
    expect(seen.status.at(-1)).toBe("ready");
    expect(replayers).toHaveLength(1);
    expect(replayers[0]!.calls.at(-1)).toBe("pause 35000");
    expect(seen.time.at(-1)).toBe(35_000);
    session.destroy();
  });

  it("loads from the nearest earlier checkpoint for a deep seek, and drops the superseded load's answers", async () => {
    const { session, pending, requests, replayers, seen, answer, settle } = setup();
    void session.start();
    await answer();
    const streaming = pending.shift()!; // the 1-30 block, still in flight
    void session.seek(85_000);
    await settle();
    expect(requests.at(-1)).toBe("rec_1 7 80-85");
    await answer();
    expect(replayers).toHaveLength(2);
    expect(replayers[1]!.events[0]).toMatchObject({ type: 4, timestamp: 80_000 });
    expect(replayers[0]!.destroyed).toBe(true);
    // A seek that lands between the Meta and its FullSnapshot would show a blank frame: it moves past the snapshot.
    void session.seek(80_005);
    await settle();
    expect(replayers[1]!.calls).toEqual(["play 5000", "play 11"]);
    // The clock reads the time asked for; playing, the next tick shows the replayer's own.
    expect(seen.time.at(-1)).toBe(80_005);
    streaming.resolve();
    await settle();
    expect(replayers[0]!.added).toEqual([]);
    expect(replayers[1]!.added).toEqual([]);
    session.destroy();
  });

  it("lists the Console and Network rows of every batch, once each, including batches a deep seek skipped", async () => {
    const { session, pending, requests, seen, answer, settle } = setup();
    void session.start();
    await answer();
    void session.seek(85_000);
    await settle();
    expect(requests.at(-1)).toBe("rec_1 7 80-85");
    const superseded = pending.shift()!; // the 1-30 block, in flight when the seek came
    await answer(); // 80-85
    expect(session.entries.network.map((e) => [e.timestamp, e.method, e.path, e.status])).toEqual([[85_300, "POST", "/api/pay", 402]]);
    expect(session.entries.console).toEqual([]);
    expect(requests.at(-1)).toBe("rec_1 7 86-99");
    await answer();
    // The replay does not need 1-79 any more, but the panels do.
    expect(requests.at(-1)).toBe("rec_1 7 1-30");
    await answer();
    expect(requests.at(-1)).toBe("rec_1 7 31-60");
    await answer();
    expect(requests.at(-1)).toBe("rec_1 7 61-79");
    await answer();
    superseded.resolve();
    await settle();
    void session.seek(1000);
    await settle();
    for (let i = 0; i < 10 && pending.length > 0; i++) await answer();
    expect(pending).toEqual([]);
    expect(session.entries.console.map((e) => [e.timestamp, e.level, e.message, e.frames])).toEqual([[50_200, "error", "boom", ["app.js:1:2"]]]);
    expect(session.entries.network).toHaveLength(1);
    expect(seen.entries.at(-1)).toBe(session.entries);
    session.destroy();
  });

  it("reports a failed load, and a recording without a checkpoint", async () => {
    const failing = setup();
    void failing.session.start();
    failing.pending.shift()!.reject(new Error("You may not watch this recording."));
    await failing.settle();
    expect(failing.seen.error).toEqual(["You may not watch this recording."]);
    expect(failing.replayers).toEqual([]);

    const none = setup({ chunks: [{ seq: 0, firstTs: 0, lastTs: 999, hasCheckpoint: false }] });
    await none.session.start();
    expect(none.seen.error).toEqual(["This recording has no complete page snapshot yet."]);
    expect(none.requests).toEqual([]);
  });

  it("buffers when the replayer runs out of loaded events, resumes when more arrive, and stops at the end", async () => {
    const { session, replayers, seen, answer, settle } = setup();
    void session.start();
    await answer();
    replayers[0]!.offset = 990;
    replayers[0]!.handlers.get("finish")!();
    expect(seen.status.at(-1)).toBe("buffering");
    await answer();
    expect(seen.status.at(-1)).toBe("ready");
    expect(replayers[0]!.calls.at(-1)).toBe("play 990");
    await answer();
    await answer();
    await answer();
    replayers[0]!.handlers.get("finish")!();
    expect(session.playing).toBe(false);
    expect(seen.time.at(-1)).toBe(99_999);
    // Play at the end starts again from the beginning.
    replayers[0]!.offset = 99_999;
    session.play();
    await settle();
    expect(replayers).toHaveLength(1);
    expect(replayers[0]!.calls.at(-1)).toBe("play 11");
    expect(session.playing).toBe(true);
    session.destroy();
  });

  it("ignores a finish that comes while paused: rrweb reports one 50 ms after casting the last event, even after a pause", async () => {
    const { session, replayers, seen, answer, settle } = setup();
    void session.start();
    await answer();
    session.pause();
    await session.seek(500);
    const times = seen.time.length;
    replayers[0]!.handlers.get("finish")!();
    // Neither buffering (which would play once more events come) nor the end of the recording on the clock.
    expect(seen.status.at(-1)).toBe("ready");
    expect(seen.time.length).toBe(times);
    await answer();
    await settle();
    expect(replayers[0]!.calls.filter((c) => c.startsWith("play"))).toEqual(["play 11"]);
    expect(session.playing).toBe(false);
    session.destroy();
  });

  it("applies speed and skipping to the replayer it has and to the next one, and stops on destroy", async () => {
    const { session, requests, replayers, answer } = setup();
    session.setSpeed(4);
    void session.start();
    await answer();
    expect(replayers[0]!.options).toEqual({ speed: 4, skipInactive: true });
    session.setSkipInactive(false);
    expect(replayers[0]!.calls).toContain('config {"skipInactive":false}');
    session.destroy();
    expect(replayers[0]!.destroyed).toBe(true);
    expect(session.playing).toBe(false);
    await answer();
    expect(requests).toHaveLength(2);
    expect(replayers[0]!.added).toEqual([]);
  });
});
