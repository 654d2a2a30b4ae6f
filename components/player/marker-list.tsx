"use client";

import { MomentLink } from "./moment-link";
import { MARKER_LABELS, type TPlayerMarker } from "./player-types";
import { formatClock } from "./seek-bar";

type TProps = {
  recordingId: string;
  firstTs: number;
  linkable: boolean;
  currentTs: number;
  markers: TPlayerMarker[];
  onSeek: (ts: number) => void;
};

/** The timeline markers as a list (the Timeline tab); choosing one seeks there, and each can link to its moment. */
export function MarkerList({ recordingId, firstTs, linkable, currentTs, markers, onSeek }: TProps) {
  const current = markers.findLastIndex((m) => m.timestamp <= currentTs);
  return (
    <>
      {markers.length === 0 ? (
        <p className="muted">No markers yet.</p>
      ) : (
        <ol className="marker-list" data-testid="marker-list">
          {markers.map((m, i) => (
            <li key={`${m.timestamp}-${i}`}>
              <button
                type="button"
                className={`marker-item marker-${m.kind}`}
                aria-current={i === current ? "true" : undefined}
                data-kind={m.kind}
                data-offset={m.timestamp - firstTs}
                onClick={() => onSeek(m.timestamp)}
              >
                <span className="marker-time">{formatClock(m.timestamp - firstTs)}</span>
                <span className="marker-kind">{MARKER_LABELS[m.kind]}</span>
                <span className="marker-label">{m.label}</span>
              </button>
              {linkable && <MomentLink recordingId={recordingId} offsetMs={m.timestamp - firstTs} onSeek={(offset) => onSeek(firstTs + offset)} />}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
