import { clampToSnapshot, trimToCheckpoint } from "@/lib/rrweb/checkpoints";
import type { eventWithTime, TRrwebEvent } from "@/lib/rrweb/types";
import { createSandboxedReplayer, type TSandboxedReplayerOptions } from "./create-sandboxed-replayer";
import { fetchReplayEvents, type TFetchEvents } from "./fetch-replay-events";
import { mergePanelEntries, panelEntries, type TPanelEntries } from "./panel-entries";
import { chunkAt, firstRangeFor, segmentFor, startTsFor, type TChunkRef } from "./plan-replay";

/** Chunks per background request after the first one (about 2.5 minutes of recording). */
const BLOCK = 30;
const TICK_MS = 200;

export type TReplayStatus = "loading" | "ready" | "buffering";

/** What the session needs of rrweb's Replayer (a fake in tests). */
export type TReplayer = {
  play(offset?: number): void;
  pause(offset?: number): void;
  getCurrentTime(): number;
  addEvent(event: eventWithTime): void;
  setConfig(config: { speed?: number; skipInactive?: boolean }): void;
  on(event: string, handler: (payload?: unknown) => void): unknown;
  destroy(): void;
};

type TSessionEvents = {
  time: number;
  status: TReplayStatus;
  playing: boolean;
  error: string | null;
  /** The recorded viewport when rrweb reports one, nothing when a new replayer is shown. */
  resize: { width: number; height: number } | undefined;
  /** The Console and Network rows of every batch fetched so far. */
  entries: TPanelEntries;
};

type TLoaded = {
  replayer: TReplayer;
  /** The events the replayer holds, in order; used to clamp seeks. */
  events: TRrwebEvent[];
  hi: number;
  startTs: number;
  gen: number;
  waiters: (() => void)[];
};

export type TReplaySessionOptions = {
  recordingId: string;
  viewId: number | null;
  chunks: TChunkRef[];
  firstTs: number;
  lastTs: number;
  root: HTMLElement;
  fetchEvents?: TFetchEvents;
  createReplayer?: (root: HTMLElement, opts: TSandboxedReplayerOptions) => TReplayer;
};

const message = (e: unknown) => (e instanceof Error ? e.message : "Loading failed.");

/**
 * Shows a frame from the checkpoint's chunks up to the shown time first and streams the rest in; a
 * seek before what is loaded, or into a later checkpoint's segment, reloads from that segment's
 * checkpoint, and `gen` discards answers such a seek superseded.
 */
export class ReplaySession {
  private loaded: TLoaded | null = null;
  private gen = 0;
  private buffering = false;
  private settings = { speed: 1, skipInactive: true };
  private tick: ReturnType<typeof setInterval> | undefined;
  private listeners = new Map<keyof TSessionEvents, Set<(value: any) => void>>();
  private fetched = new Set<number>();
  entries: TPanelEntries = { console: [], network: [] };
  private readonly lastSeq: number;
  private readonly fetchEvents: TFetchEvents;
  private readonly createReplayer: NonNullable<TReplaySessionOptions["createReplayer"]>;
  playing = false;

  constructor(private readonly opts: TReplaySessionOptions) {
    this.lastSeq = opts.chunks.at(-1)?.seq ?? -1;
    this.fetchEvents = opts.fetchEvents ?? fetchReplayEvents;
    this.createReplayer = opts.createReplayer ?? createSandboxedReplayer;
  }

  get hasReplayer() {
    return this.loaded !== null;
  }

  on<K extends keyof TSessionEvents>(event: K, fn: (value: TSessionEvents[K]) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set.add(fn));
    return () => set.delete(fn);
  }

  private emit<K extends keyof TSessionEvents>(event: K, value: TSessionEvents[K]) {
    for (const fn of this.listeners.get(event) ?? []) fn(value);
  }

  /** Plays from the first checkpoint; given a time (a link to a moment), opens paused there instead. */
  start(atTs?: number): Promise<void> {
    const ts = startTsFor(this.opts.chunks, this.opts, atTs);
    if (ts !== null) return this.build(ts, atTs === undefined);
    this.emit("error", "This recording has no complete page snapshot yet.");
    return Promise.resolve();
  }

  async seek(rawTs: number): Promise<void> {
    const { chunks, firstTs, lastTs } = this.opts;
    const ts = Math.min(Math.max(rawTs, firstTs), lastTs);
    const loaded = this.loaded;
    const play = this.playing;
    this.emit("time", ts);
    const segment = segmentFor(chunks, ts);
    if (!loaded || !segment || ts < loaded.startTs || segment.fromSeq > loaded.hi) return this.build(ts, play);
    const need = chunkAt(chunks, ts);
    if (need > loaded.hi) {
      this.emit("status", "buffering");
      await new Promise<void>((wake) => loaded.waiters.push(wake));
      if (loaded.gen !== this.gen) return;
      if (need > loaded.hi) return this.seek(ts);
      this.emit("status", "ready");
    }
    this.buffering = false;
    this.go(loaded, clampToSnapshot(loaded.events, ts), play, ts);
  }

  play(): void {
    const loaded = this.loaded;
    if (!loaded) return;
    const at = loaded.startTs + loaded.replayer.getCurrentTime();
    if (loaded.hi >= this.lastSeq && at >= this.opts.lastTs - 100) {
      // At the end: play again from the start.
      this.playing = true;
      void this.seek(this.opts.firstTs);
      return;
    }
    this.go(loaded, at, true);
  }

  pause(): void {
    const loaded = this.loaded;
    if (!loaded) return;
    loaded.replayer.pause();
    this.buffering = false;
    this.setPlaying(false);
  }

  setSpeed(speed: number): void {
    this.settings.speed = speed;
    this.loaded?.replayer.setConfig({ speed });
  }

  setSkipInactive(skipInactive: boolean): void {
    this.settings.skipInactive = skipInactive;
    this.loaded?.replayer.setConfig({ skipInactive });
  }

  destroy(): void {
    this.gen++;
    this.listeners.clear();
    this.setPlaying(false);
    this.loaded?.replayer.destroy();
    this.loaded = null;
  }

  private setPlaying(value: boolean) {
    this.playing = value;
    clearInterval(this.tick);
    this.tick = undefined;
    if (value) {
      this.tick = setInterval(() => {
        const loaded = this.loaded;
        if (loaded) this.emit("time", Math.min(this.opts.lastTs, loaded.startTs + loaded.replayer.getCurrentTime()));
      }, TICK_MS);
    }
    this.emit("playing", value);
  }

  /**
   * The clock shows `shownTs`, the time asked for: a seek onto a page's start plays from just past
   * its snapshot (clampToSnapshot), a few ms on, and the clock still reads the marker's time.
   */
  private go(loaded: TLoaded, ts: number, play: boolean, shownTs = ts) {
    const offset = Math.max(0, ts - loaded.startTs);
    if (play) loaded.replayer.play(offset);
    else loaded.replayer.pause(offset);
    this.emit("time", Math.min(loaded.startTs + offset, Math.max(shownTs, loaded.startTs)));
    this.setPlaying(play);
  }

  private async build(ts: number, play: boolean): Promise<void> {
    const { chunks, root, lastTs } = this.opts;
    const range = firstRangeFor(chunks, ts);
    if (!range) {
      this.emit("error", "This recording has no complete page snapshot yet.");
      return;
    }
    const gen = ++this.gen;
    this.emit("status", "loading");
    let events: TRrwebEvent[];
    try {
      events = trimToCheckpoint(await this.fetchRange(range.fromSeq, range.toSeq));
    } catch (e) {
      if (gen === this.gen) this.emit("error", message(e));
      return;
    }
    if (gen !== this.gen) return;
    if (events.length < 2) {
      this.emit("error", "This part of the recording cannot be shown: its page snapshot is missing.");
      return;
    }
    this.loaded?.replayer.destroy();
    this.buffering = false;
    const replayer = this.createReplayer(root, { events: [...events], ...this.settings });
    const loaded: TLoaded = { replayer, events, hi: range.toSeq, startTs: events[0]!.timestamp, gen, waiters: [] };
    this.loaded = loaded;
    replayer.on("resize", (d) => this.emit("resize", d as { width: number; height: number }));
    replayer.on("finish", () => {
      // rrweb reports the end 50 ms after it cast the last event, even if the agent paused or seeked meanwhile: while
      // paused, a finish would move the clock to the end, or buffer and then play once more events came.
      if (loaded.gen !== this.gen || !this.playing) return;
      if (loaded.hi < this.lastSeq) {
        this.buffering = true;
        this.emit("status", "buffering");
      } else {
        this.setPlaying(false);
        this.emit("time", lastTs);
      }
    });
    this.emit("resize", undefined);
    this.go(loaded, clampToSnapshot(events, Math.max(ts, loaded.startTs)), play, ts);
    this.emit("status", "ready");
    this.emit("error", null);
    void this.streamRest(loaded);
  }

  private async streamRest(loaded: TLoaded) {
    while (loaded.gen === this.gen && loaded.hi < this.lastSeq) {
      const fromSeq = loaded.hi + 1;
      const toSeq = Math.min(this.lastSeq, fromSeq + BLOCK - 1);
      let events: TRrwebEvent[];
      try {
        events = await this.fetchRange(fromSeq, toSeq);
      } catch (e) {
        if (loaded.gen === this.gen) this.emit("error", message(e));
        return;
      }
      if (loaded.gen !== this.gen) return;
      for (const event of events) {
        loaded.replayer.addEvent(event as eventWithTime);
        loaded.events.push(event);
      }
      loaded.hi = toSeq;
      loaded.waiters.splice(0).forEach((wake) => wake());
      if (this.buffering) {
        this.buffering = false;
        this.emit("status", "ready");
        loaded.replayer.play(loaded.replayer.getCurrentTime());
      }
    }
    if (loaded.gen === this.gen) await this.fetchGaps(loaded.gen);
  }

  private async fetchRange(fromSeq: number, toSeq: number): Promise<TRrwebEvent[]> {
    const { recordingId, viewId } = this.opts;
    const events = await this.fetchEvents({ recordingId, viewId, fromSeq, toSeq });
    for (let seq = fromSeq; seq <= toSeq; seq++) this.fetched.add(seq);
    const entries = mergePanelEntries(this.entries, panelEntries(events));
    if (entries.console !== this.entries.console || entries.network !== this.entries.network) {
      this.entries = entries;
      this.emit("entries", entries);
    }
    return events;
  }

  /** A seek far ahead skips batches the replay never needs; the panels still list what they hold. */
  private async fetchGaps(gen: number) {
    const missing = this.opts.chunks.map((c) => c.seq).filter((seq) => !this.fetched.has(seq));
    while (missing.length > 0 && gen === this.gen) {
      const fromSeq = missing.shift()!;
      let toSeq = fromSeq;
      while (missing[0] === toSeq + 1 && toSeq - fromSeq + 1 < BLOCK) toSeq = missing.shift()!;
      try {
        await this.fetchRange(fromSeq, toSeq);
      } catch {
        return;
      }
    }
  }
}
