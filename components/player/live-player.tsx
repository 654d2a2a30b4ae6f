"use client";

import "@rrweb/replay/dist/style.css";
import "./player.css";
import { useEffect, useRef, useState } from "react";
import type { eventWithTime, TRrwebEvent } from "@/lib/rrweb/types";
import { createSandboxedReplayer } from "./create-sandboxed-replayer";
import { prepareForReplay } from "./fetch-replay-events";
import { mergePanelEntries, panelEntries, type TPanelEntries } from "./panel-entries";
import { PlayerPanels } from "./player-panels";
import { useFitReplayer } from "./use-fit-replayer";

/** Events are shown this long after they happened, to absorb upload and polling jitter. */
const LIVE_BUFFER_MS = 500;

type TProps = {
  recordingId: string;
  /** The recording's first event, for the rows' time offsets; else the first event the live view receives. */
  firstTs: number | null;
  /** Called once the recording is no longer live (finished, purged…). */
  onEnd: (status: string) => void;
};

/** Follows a live recording over Server-Sent Events with rrweb's live mode. */
export function LivePlayer({ recordingId, firstTs, onEnd }: TProps) {
  const stageRef = useRef<HTMLDivElement>(null);
  const onEndRef = useRef(onEnd);
  onEndRef.current = onEnd;
  const fitReplayer = useFitReplayer(stageRef);
  const [state, setState] = useState<"connecting" | "waiting" | "live" | "reconnecting" | "failed">("connecting");
  const [lastUpdate, setLastUpdate] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [entries, setEntries] = useState<TPanelEntries>({ console: [], network: [] });
  const [base, setBase] = useState<number | null>(firstTs);

  useEffect(() => {
    const root = stageRef.current;
    if (!root) return;
    const replayer = createSandboxedReplayer(root, { liveMode: true });
    replayer.on("resize", (d) => fitReplayer(d as { width: number; height: number }));
    fitReplayer();
    let started = false;
    let baseline = 0;
    let startedAt = 0;
    let correction = 0;
    const source = new EventSource(`/api/v1/recordings/${encodeURIComponent(recordingId)}/live`);
    source.onopen = () => setState((s) => (s === "live" ? s : "waiting"));
    source.addEventListener("events", (message) => {
      const { events, customerNow } = JSON.parse((message as MessageEvent<string>).data) as { events: TRrwebEvent[]; customerNow: number };
      if (!started) {
        // Scheduled on the customer's clock as the server estimates it, so clock skew does not delay or rush the picture.
        baseline = customerNow - LIVE_BUFFER_MS;
        startedAt = Date.now();
        replayer.startLive(baseline);
        started = true;
      } else {
        // rrweb's live clock cannot be moved once started: later events are moved earlier instead.
        correction = Math.max(correction, customerNow - LIVE_BUFFER_MS - baseline - (Date.now() - startedAt));
      }
      const rows = panelEntries(events);
      if (rows.console.length || rows.network.length) setEntries((prev) => mergePanelEntries(prev, rows));
      if (events[0]) setBase((prev) => prev ?? events[0]!.timestamp);
      for (const event of prepareForReplay(events)) {
        replayer.addEvent((correction > 0 ? { ...event, timestamp: event.timestamp - correction } : event) as eventWithTime);
      }
      setState("live");
      setLastUpdate(Date.now());
    });
    source.addEventListener("end", (message) => {
      source.close();
      const { status } = JSON.parse((message as MessageEvent<string>).data) as { status: string };
      onEndRef.current(status);
    });
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? "failed" : "reconnecting");
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      clearInterval(tick);
      source.close();
      replayer.destroy();
    };
  }, [recordingId, fitReplayer]);

  const ago = lastUpdate === null ? null : Math.max(0, Math.round((now - lastUpdate) / 1000));
  return (
    <div className="player">
      <div className="player-main">
        <p className="live-state" aria-live="polite" data-testid="live-state" data-state={state}>
          <span className="live-dot" aria-hidden="true" />
          <strong>Live</strong>
          <span className="muted">
            {state === "connecting" && "Connecting…"}
            {state === "waiting" && "Waiting for the customer's first page snapshot…"}
            {state === "live" && `The customer is recording now · last update ${ago ?? 0} s ago`}
            {state === "reconnecting" && "Connection lost, reconnecting…"}
            {state === "failed" && "The live view is not available."}
          </span>
        </p>
        <div className="player-stage" ref={stageRef} data-testid="replay-stage" aria-label="Live recording" role="region" />
      </div>
      <PlayerPanels recordingId={recordingId} firstTs={base ?? 0} linkable={firstTs !== null} currentTs={now} entries={entries} />
    </div>
  );
}
