"use client";

import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { MarkerList } from "./marker-list";
import { MomentLink } from "./moment-link";
import type { TConsoleEntry, TNetworkEntry, TPanelEntries } from "./panel-entries";
import type { TPlayerMarker } from "./player-types";
import { formatClock } from "./seek-bar";

type TTab = "timeline" | "console" | "network";

type TProps = {
  recordingId: string;
  firstTs: number;
  /** Rows link to their moment: not in a privacy preview, nor in a live view that does not know the recording's first event. */
  linkable: boolean;
  currentTs: number;
  /** Without markers (the live view) there is no Timeline tab. */
  markers?: TPlayerMarker[];
  entries: TPanelEntries;
  /** Without it (the live view, which cannot seek) rows are listed but not buttons. */
  onSeek?: (ts: number) => void;
};

type TRow = { key: string; timestamp: number; className: string; content: ReactNode; title?: string; testId: string };

function Rows({ rows, recordingId, firstTs, linkable, currentTs, onSeek, empty, label }: {
  rows: TRow[];
  recordingId: string;
  linkable: boolean;
  firstTs: number;
  currentTs: number;
  onSeek?: (ts: number) => void;
  empty: string;
  label: string;
}) {
  if (rows.length === 0) return <p className="muted">{empty}</p>;
  const current = rows.findLastIndex((r) => r.timestamp <= currentTs);
  return (
    <ol className="entry-list" aria-label={label}>
      {rows.map((r, i) => {
        const inner = (
          <>
            <span className="entry-time">{formatClock(r.timestamp - firstTs)}</span>
            {r.content}
          </>
        );
        const common = {
          className: `entry-item ${r.className}`,
          "data-testid": r.testId,
          "data-offset": r.timestamp - firstTs,
          title: r.title,
        };
        return (
          <li key={r.key}>
            {onSeek ? (
              <button type="button" {...common} aria-current={i === current ? "true" : undefined} onClick={() => onSeek(r.timestamp)}>
                {inner}
              </button>
            ) : (
              <div {...common}>{inner}</div>
            )}
            {linkable && (
              <MomentLink recordingId={recordingId} offsetMs={r.timestamp - firstTs} onSeek={onSeek && ((offset) => onSeek(firstTs + offset))} />
            )}
          </li>
        );
      })}
    </ol>
  );
}

function consoleRow(e: TConsoleEntry): TRow {
  return {
    key: e.key,
    timestamp: e.timestamp,
    className: `entry-console level-${e.level === "error" || e.level === "warn" ? e.level : "other"}`,
    testId: "console-row",
    content: (
      <>
        <span className="entry-level">{e.level}</span>
        <span className="entry-message">{e.message || "(no text recorded)"}</span>
        {e.frames.length > 0 && (
          <span className="entry-frames">
            {e.frames.map((frame, i) => (
              <span key={i} className="entry-frame">
                {frame}
              </span>
            ))}
          </span>
        )}
      </>
    ),
  };
}

function networkRow(e: TNetworkEntry): TRow {
  return {
    key: e.key,
    timestamp: e.timestamp,
    className: `entry-network${e.failed ? " entry-failed" : ""}`,
    testId: "network-row",
    title: e.url,
    content: (
      <>
        <span className="entry-method">{e.method}</span>
        <span className="entry-path">{e.path}</span>
        <span className="entry-status">{e.status ?? "failed"}</span>
        <span className="entry-duration">{e.durationMs === null ? "" : `${e.durationMs} ms`}</span>
      </>
    ),
  };
}

/** Timeline, Console and Network as tabs beside the replay; each row seeks the replay to its moment and links to it. */
export function PlayerPanels({ recordingId, firstTs, linkable, currentTs, markers, entries, onSeek }: TProps) {
  const tabs: { id: TTab; label: string; count: number }[] = [
    ...(markers ? [{ id: "timeline" as const, label: "Timeline", count: markers.length }] : []),
    { id: "console", label: "Console", count: entries.console.length },
    { id: "network", label: "Network", count: entries.network.length },
  ];
  const [selected, setSelected] = useState<TTab>(tabs[0]!.id);
  const base = useId();
  const refs = useRef(new Map<TTab, HTMLButtonElement>());

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const at = tabs.findIndex((t) => t.id === selected);
    const to =
      event.key === "ArrowRight" ? (at + 1) % tabs.length
      : event.key === "ArrowLeft" ? (at - 1 + tabs.length) % tabs.length
      : event.key === "Home" ? 0
      : event.key === "End" ? tabs.length - 1
      : -1;
    if (to < 0) return;
    // Also keeps the player's own arrow keys (5 s steps) from firing.
    event.preventDefault();
    const id = tabs[to]!.id;
    setSelected(id);
    refs.current.get(id)?.focus();
  };

  return (
    <section className="player-side" aria-label="Recording details">
      <div className="panel-tabs" role="tablist" aria-label="Recording details" onKeyDown={onKeyDown}>
        {tabs.map((t) => (
          <button
            key={t.id}
            ref={(el) => void (el ? refs.current.set(t.id, el) : refs.current.delete(t.id))}
            type="button"
            role="tab"
            id={`${base}-${t.id}-tab`}
            aria-controls={`${base}-${t.id}`}
            aria-selected={selected === t.id}
            tabIndex={selected === t.id ? 0 : -1}
            className="panel-tab"
            onClick={() => setSelected(t.id)}
          >
            {t.label} <span className="panel-count">{t.count}</span>
          </button>
        ))}
      </div>
      {tabs.map((t) => (
        <div
          key={t.id}
          role="tabpanel"
          id={`${base}-${t.id}`}
          aria-labelledby={`${base}-${t.id}-tab`}
          hidden={selected !== t.id}
          className="panel-body"
          data-testid={`panel-${t.id}`}
        >
          {t.id === "timeline" && markers && onSeek ? (
            <MarkerList recordingId={recordingId} firstTs={firstTs} linkable={linkable} currentTs={currentTs} markers={markers} onSeek={onSeek} />
          ) : t.id === "console" ? (
            <Rows
              rows={entries.console.map(consoleRow)}
              label="Console messages"
              empty="No console messages recorded."
              {...{ recordingId, firstTs, linkable, currentTs, onSeek }}
            />
          ) : t.id === "network" ? (
            <Rows
              rows={entries.network.map(networkRow)}
              label="Failed and slow requests"
              empty="No failed or slow requests recorded."
              {...{ recordingId, firstTs, linkable, currentTs, onSeek }}
            />
          ) : null}
        </div>
      ))}
    </section>
  );
}
