"use client";

import { Replayer } from "@rrweb/replay";
import "@rrweb/replay/dist/style.css";
import "./player.css";
import { useCallback, useEffect, useRef, useState } from "react";
import { chunkAt, clampToSnapshot, segmentFor, trimToCheckpoint } from "@/lib/replay/plan-replay";
import type { TRrwebEvent } from "@/lib/replay/rrweb-event";
import { fetchReplayEvents } from "./fetch-replay-events";
import { MarkerList } from "./marker-list";
import type { TPlayerProps } from "./player-types";
import { SeekBar, formatClock } from "./seek-bar";
import { useFitReplayer } from "./use-fit-replayer";
import { usePlayerKeys } from "./use-player-keys";

const SPEEDS = [1, 2, 4, 8] as const;
/** Chunks per background request after the first segment (about 2.5 minutes of recording). */
const BLOCK = 30;
const STEP_MS = 5000;

type TLoaded = {
  replayer: Replayer;
  /** The events the replayer holds, in order; used to clamp seeks. */
  events: TRrwebEvent[];
  hi: number;
  startTs: number;
  gen: number;
  waiters: (() => void)[];
};

/**
 * Plays a stored recording in rrweb's sandboxed iframe. It loads only the segment of the first
 * checkpoint before showing the first frame, streams the rest in with addEvent, and answers a
 * seek outside what is loaded by loading from the nearest earlier checkpoint.
 */
export function ReplayPlayer({ recordingId, viewId, chunks, firstTs, lastTs, markers }: TPlayerProps) {
  const stageRef = useRef<HTMLDivElement>(null);
  const loadedRef = useRef<TLoaded | null>(null);
  const genRef = useRef(0);
  const playingRef = useRef(false);
  const bufferingRef = useRef(false);
  const settingsRef = useRef({ speed: 1, skipInactive: true });
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(1);
  const [skipInactive, setSkipInactive] = useState(true);
  const [currentTs, setCurrentTs] = useState(firstTs);
  const [status, setStatus] = useState<"loading" | "ready" | "buffering">("loading");
  const [error, setError] = useState<string | null>(null);
  const fitReplayer = useFitReplayer(stageRef);
  const lastSeq = chunks.at(-1)?.seq ?? -1;

  const setPlayState = (value: boolean) => {
    playingRef.current = value;
    setPlaying(value);
  };

  const go = useCallback((loaded: TLoaded, ts: number, play: boolean) => {
    const offset = Math.max(0, ts - loaded.startTs);
    if (play) loaded.replayer.play(offset);
    else loaded.replayer.pause(offset);
    setCurrentTs(loaded.startTs + offset);
    setPlayState(play);
  }, []);

  const streamRest = useCallback(
    async (loaded: TLoaded) => {
      while (loaded.gen === genRef.current && loaded.hi < lastSeq) {
        const from = loaded.hi + 1;
        const to = Math.min(lastSeq, from + BLOCK - 1);
        let events: TRrwebEvent[];
        try {
          events = await fetchReplayEvents(recordingId, from, to, viewId);
        } catch (e) {
          if (loaded.gen === genRef.current) setError(e instanceof Error ? e.message : "Loading failed.");
          return;
        }
        if (loaded.gen !== genRef.current) return;
        for (const event of events) {
          loaded.replayer.addEvent(event as never);
          loaded.events.push(event);
        }
        loaded.hi = to;
        loaded.waiters.splice(0).forEach((wake) => wake());
        if (bufferingRef.current) {
          bufferingRef.current = false;
          setStatus("ready");
          loaded.replayer.play(loaded.replayer.getCurrentTime());
        }
      }
    },
    [recordingId, viewId, lastSeq],
  );

  const build = useCallback(
    async (ts: number, play: boolean) => {
      const segment = segmentFor(chunks, ts);
      if (!segment || !stageRef.current) {
        setError("This recording has no complete page snapshot yet.");
        return;
      }
      const gen = ++genRef.current;
      setStatus("loading");
      let events: TRrwebEvent[];
      try {
        events = trimToCheckpoint(await fetchReplayEvents(recordingId, segment.fromSeq, segment.toSeq, viewId));
      } catch (e) {
        if (gen === genRef.current) setError(e instanceof Error ? e.message : "Loading failed.");
        return;
      }
      if (gen !== genRef.current || !stageRef.current) return;
      if (events.length < 2) {
        setError("This part of the recording cannot be shown: its page snapshot is missing.");
        return;
      }
      loadedRef.current?.replayer.destroy();
      bufferingRef.current = false;
      const replayer = new Replayer([...events] as never[], {
        root: stageRef.current,
        speed: settingsRef.current.speed,
        skipInactive: settingsRef.current.skipInactive,
        mouseTail: false,
        showWarning: false,
        triggerFocus: false,
        // Canvas replay would need allow-scripts in the sandbox: never.
        UNSAFE_replayCanvas: false,
      });
      const loaded: TLoaded = { replayer, events, hi: segment.toSeq, startTs: events[0]!.timestamp, gen, waiters: [] };
      loadedRef.current = loaded;
      replayer.on("resize", (d) => fitReplayer(d as { width: number; height: number }));
      replayer.on("finish", () => {
        if (loaded.gen !== genRef.current) return;
        if (loaded.hi < lastSeq) {
          bufferingRef.current = true;
          setStatus("buffering");
        } else {
          setPlayState(false);
          setCurrentTs(lastTs);
        }
      });
      fitReplayer();
      go(loaded, clampToSnapshot(events, Math.max(ts, loaded.startTs)), play);
      setStatus("ready");
      setError(null);
      void streamRest(loaded);
    },
    [chunks, recordingId, viewId, lastSeq, lastTs, fitReplayer, go, streamRest],
  );

  const seek = useCallback(
    async (rawTs: number) => {
      const ts = Math.min(Math.max(rawTs, firstTs), lastTs);
      const loaded = loadedRef.current;
      const play = playingRef.current;
      setCurrentTs(ts);
      const segment = segmentFor(chunks, ts);
      if (loaded && segment && ts >= loaded.startTs && segment.fromSeq <= loaded.hi) {
        const need = chunkAt(chunks, ts);
        if (need > loaded.hi) {
          setStatus("buffering");
          await new Promise<void>((wake) => loaded.waiters.push(wake));
          if (loaded.gen !== genRef.current) return;
          if (need > loaded.hi) return seek(ts);
          setStatus("ready");
        }
        bufferingRef.current = false;
        go(loaded, clampToSnapshot(loaded.events, ts), play);
      } else {
        await build(ts, play);
      }
    },
    [chunks, firstTs, lastTs, build, go],
  );

  useEffect(() => {
    const first = chunks.find((c) => c.hasCheckpoint);
    if (first) void build(first.firstTs, true);
    else setError("This recording has no complete page snapshot yet.");
    return () => {
      genRef.current++;
      loadedRef.current?.replayer.destroy();
      loadedRef.current = null;
    };
    // Built once per recording; later changes go through seek().
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [recordingId]);

  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => {
      const loaded = loadedRef.current;
      if (loaded) setCurrentTs(Math.min(lastTs, loaded.startTs + loaded.replayer.getCurrentTime()));
    }, 200);
    return () => clearInterval(timer);
  }, [playing, lastTs]);

  const togglePlay = useCallback(() => {
    const loaded = loadedRef.current;
    if (!loaded) return;
    if (playingRef.current) {
      loaded.replayer.pause();
      bufferingRef.current = false;
      setPlayState(false);
      return;
    }
    const at = loaded.startTs + loaded.replayer.getCurrentTime();
    if (loaded.hi >= lastSeq && at >= lastTs - 100) {
      playingRef.current = true;
      void seek(firstTs);
      return;
    }
    go(loaded, at, true);
  }, [firstTs, lastTs, lastSeq, go, seek]);

  const changeSpeed = (value: number) => {
    setSpeed(value);
    settingsRef.current.speed = value;
    loadedRef.current?.replayer.setConfig({ speed: value });
  };
  const changeSkip = (value: boolean) => {
    setSkipInactive(value);
    settingsRef.current.skipInactive = value;
    loadedRef.current?.replayer.setConfig({ skipInactive: value });
  };
  const jumpMarker = useCallback(
    (direction: 1 | -1) => {
      const target =
        direction === 1 ? markers.find((m) => m.timestamp > currentTs + 250) : markers.findLast((m) => m.timestamp < currentTs - 1000);
      if (target) void seek(target.timestamp);
    },
    [markers, currentTs, seek],
  );

  usePlayerKeys({
    togglePlay,
    step: (ms) => void seek(currentTs + ms),
    nextMarker: () => jumpMarker(1),
    previousMarker: () => jumpMarker(-1),
    stepMs: STEP_MS,
  });

  return (
    <div className="player">
      <div className="player-main">
        <div className="player-stage" ref={stageRef} data-testid="replay-stage" aria-label="Recording replay" role="region" />
        {error && (
          <p role="alert" className="notice notice-error">
            {error}
          </p>
        )}
        <div className="player-controls">
          <button type="button" className="btn btn-small btn-primary" onClick={togglePlay} aria-label={playing ? "Pause" : "Play"} disabled={status === "loading" && !loadedRef.current}>
            {playing ? "❚❚ Pause" : "▶ Play"}
          </button>
          <span className="player-time" data-testid="player-time">
            {formatClock(currentTs - firstTs)} / {formatClock(lastTs - firstTs)}
          </span>
          <div className="player-speeds" role="group" aria-label="Speed">
            {SPEEDS.map((s) => (
              <button key={s} type="button" className="btn btn-small" aria-pressed={speed === s} onClick={() => changeSpeed(s)}>
                {s}×
              </button>
            ))}
          </div>
          <label className="player-skip">
            <input type="checkbox" checked={skipInactive} onChange={(e) => changeSkip(e.target.checked)} /> Skip inactivity
          </label>
          <span className="muted player-status" aria-live="polite">
            {status === "loading" ? "Loading…" : status === "buffering" ? "Loading more…" : ""}
          </span>
        </div>
        <SeekBar firstTs={firstTs} lastTs={lastTs} currentTs={currentTs} markers={markers} onSeek={seek} />
        <p className="muted player-keys">
          Keys: <kbd>Space</kbd> play/pause · <kbd>←</kbd>/<kbd>→</kbd> 5 s · <kbd>N</kbd>/<kbd>P</kbd> next/previous marker
        </p>
      </div>
      <MarkerList firstTs={firstTs} currentTs={currentTs} markers={markers} onSeek={seek} />
    </div>
  );
}
