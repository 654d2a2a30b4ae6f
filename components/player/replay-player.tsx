"use client";

import "@rrweb/replay/dist/style.css";
import "./player.css";
import { useCallback, useEffect, useRef, useState } from "react";
import type { TPanelEntries } from "./panel-entries";
import { CopyMomentLink } from "./copy-moment-link";
import { PlayerPanels } from "./player-panels";
import type { TPlayerProps } from "./player-types";
import { ReplaySession, type TReplayStatus } from "./replay-session";
import { SeekBar, formatClock } from "./seek-bar";
import { useFitReplayer } from "./use-fit-replayer";
import { usePlayerKeys } from "./use-player-keys";
import { FormError } from "../form-error";

const SPEEDS = [1, 2, 4, 8] as const;
const STEP_MS = 5000;

/** Plays a stored recording in rrweb's sandboxed iframe; the engine is ReplaySession. */
export function ReplayPlayer({ recordingId, viewId, chunks, firstTs, lastTs, markers, startAt = null, momentLinks = false }: TPlayerProps) {
  const stageRef = useRef<HTMLDivElement>(null);
  const sessionRef = useRef<ReplaySession | null>(null);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(1);
  const [skipInactive, setSkipInactive] = useState(true);
  const [currentTs, setCurrentTs] = useState(firstTs + (startAt ?? 0));
  const [status, setStatus] = useState<TReplayStatus>("loading");
  const [error, setError] = useState<string | null>(null);
  const [entries, setEntries] = useState<TPanelEntries>({ console: [], network: [] });
  const fitReplayer = useFitReplayer(stageRef);

  useEffect(() => {
    const root = stageRef.current;
    if (!root) return;
    const session = new ReplaySession({ recordingId, viewId, chunks, firstTs, lastTs, root });
    sessionRef.current = session;
    session.on("time", setCurrentTs);
    session.on("status", setStatus);
    session.on("playing", setPlaying);
    session.on("error", setError);
    session.on("resize", fitReplayer);
    session.on("entries", setEntries);
    void session.start(startAt === null ? undefined : firstTs + startAt);
    return () => {
      session.destroy();
      sessionRef.current = null;
    };
    // Built once per recording; later changes go through the session.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [recordingId]);

  const seek = useCallback((ts: number) => void sessionRef.current?.seek(ts), []);
  const togglePlay = useCallback(() => {
    const session = sessionRef.current;
    if (session?.playing) session.pause();
    else session?.play();
  }, []);
  const changeSpeed = (value: number) => {
    setSpeed(value);
    sessionRef.current?.setSpeed(value);
  };
  const changeSkip = (value: boolean) => {
    setSkipInactive(value);
    sessionRef.current?.setSkipInactive(value);
  };
  const jumpMarker = (direction: 1 | -1) => {
    const target =
      direction === 1 ? markers.find((m) => m.timestamp > currentTs + 250) : markers.findLast((m) => m.timestamp < currentTs - 1000);
    if (target) seek(target.timestamp);
  };

  usePlayerKeys({
    togglePlay,
    step: (ms) => seek(currentTs + ms),
    nextMarker: () => jumpMarker(1),
    previousMarker: () => jumpMarker(-1),
    stepMs: STEP_MS,
  });

  return (
    <div className="player">
      <div className="player-main">
        <div className="player-stage" ref={stageRef} data-testid="replay-stage" aria-label="Recording replay" role="region" />
        <FormError message={error} />
        <div className="player-controls">
          <button
            type="button"
            className="btn btn-small btn-primary"
            onClick={togglePlay}
            aria-label={playing ? "Pause" : "Play"}
            disabled={status === "loading" && !sessionRef.current?.hasReplayer}
          >
            {playing ? "❚❚ Pause" : "▶ Play"}
          </button>
          <span className="player-time" data-testid="player-time" data-offset={currentTs - firstTs}>
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
          {momentLinks && <CopyMomentLink recordingId={recordingId} offsetMs={currentTs - firstTs} />}
          <span className="muted player-status" aria-live="polite">
            {status === "loading" ? "Loading…" : status === "buffering" ? "Loading more…" : ""}
          </span>
        </div>
        <SeekBar firstTs={firstTs} lastTs={lastTs} currentTs={currentTs} markers={markers} onSeek={seek} />
        <p className="muted player-keys">
          Keys: <kbd>Space</kbd> play/pause · <kbd>←</kbd>/<kbd>→</kbd> 5 s · <kbd>N</kbd>/<kbd>P</kbd> next/previous marker
        </p>
      </div>
      <PlayerPanels
        recordingId={recordingId}
        firstTs={firstTs}
        linkable={momentLinks}
        currentTs={currentTs}
        markers={markers}
        entries={entries}
        onSeek={seek}
      />
    </div>
  );
}
