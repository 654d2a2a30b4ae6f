"use client";

import { useEffect, useRef, useState } from "react";
import { MARKER_LABELS, type TPlayerMarker } from "./player-types";

export function formatClock(ms: number) {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

type TProps = {
  firstTs: number;
  lastTs: number;
  currentTs: number;
  markers: TPlayerMarker[];
  onSeek: (ts: number) => void;
};

/** A range input for time, with the timeline markers drawn on it. */
export function SeekBar({ firstTs, lastTs, currentTs, markers, onSeek }: TProps) {
  const duration = Math.max(1, lastTs - firstTs);
  const [scrub, setScrub] = useState<number | null>(null);
  const commit = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(commit.current), []);

  const value = scrub ?? currentTs - firstTs;
  const onInput = (offset: number) => {
    setScrub(offset);
    clearTimeout(commit.current);
    // Dragging fires many inputs; one seek when it settles.
    commit.current = setTimeout(() => {
      setScrub(null);
      onSeek(firstTs + offset);
    }, 150);
  };

  return (
    <div className="seek">
      <input
        type="range"
        className="seek-input"
        min={0}
        max={duration}
        step={100}
        value={Math.min(value, duration)}
        onChange={(e) => onInput(Number(e.target.value))}
        aria-label="Seek"
        aria-valuetext={`${formatClock(value)} of ${formatClock(duration)}`}
      />
      <div className="seek-markers">
        {markers.map((m, i) => (
          <button
            key={`${m.timestamp}-${i}`}
            type="button"
            tabIndex={-1}
            className={`seek-marker marker-${m.kind}`}
            style={{ left: `${(Math.max(0, m.timestamp - firstTs) / duration) * 100}%` }}
            title={`${formatClock(m.timestamp - firstTs)} ${MARKER_LABELS[m.kind]}: ${m.label}`}
            aria-label={`${MARKER_LABELS[m.kind]} at ${formatClock(m.timestamp - firstTs)}`}
            onClick={() => onSeek(m.timestamp)}
          />
        ))}
      </div>
    </div>
  );
}
