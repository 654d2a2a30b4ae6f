"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { apiFetch, errorMessage } from "@/components/api-fetch";
import { formatDateTime, formatDuration } from "@/components/format";
import { preloadReplayStart } from "@/components/player/preload-replay-start";
import { PreviewBadge } from "@/components/preview-badge";
import { StatusBadge } from "@/components/status-badge";
import type { TRecordingDetail } from "@/lib/recordings/get-recording-detail";
import "./recording.css";
import { FormError } from "@/components/form-error";

// rrweb needs a DOM: the players only ever run in the browser.
const ReplayPlayer = dynamic(() => import("@/components/player/replay-player").then((m) => m.ReplayPlayer), {
  ssr: false,
  loading: () => <p className="muted">Loading the player…</p>,
});
const LivePlayer = dynamic(() => import("@/components/player/live-player").then((m) => m.LivePlayer), {
  ssr: false,
  loading: () => <p className="muted">Loading the live view…</p>,
});

type TWatcher = { id: number; at: string; who: string; action: string };

const ACCESS_LABELS: Record<string, string> = {
  "recording.viewed": "Watched",
  "recording.exported": "Exported events",
  "recording.live_watched": "Watched live",
};

const PRIVACY_LABELS: Record<string, string> = {
  preset: "Preset",
  maskAllText: "All text masked",
  maskAllInputs: "All inputs masked",
  maskTextSelector: "Masked text",
  blockSelector: "Blocked elements",
  unmaskTextSelector: "Unmasked text",
  maskAttributes: "Masked attributes",
  alwaysMaskInputSelector: "Always masked inputs",
  console: "Console capture",
  network: "Network capture",
};

function privacyValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (Array.isArray(value)) return value.length ? value.join(", ") : "—";
  if (typeof value === "object") {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${privacyValue(v)}`)
      .join("; ");
  }
  return String(value);
}

type TReplayData = Pick<TRecordingDetail, "chunks"> & { firstTs: number; lastTs: number; markers: TRecordingDetail["recording"]["markers"] };

function replayData({ recording: r, chunks }: Pick<TRecordingDetail, "recording" | "chunks">): TReplayData {
  const firstTs = r.firstEventAt ?? chunks[0]?.firstTs ?? 0;
  const lastTs = Math.max(r.lastEventAt ?? 0, chunks.at(-1)?.lastTs ?? 0, firstTs);
  return { chunks, firstTs, lastTs, markers: r.markers };
}

type TProps = {
  detail: TRecordingDetail;
  watchers: TWatcher[];
  /** The link's `?t=`, in ms from the start: the player opens paused there. */
  moment: number | null;
};

export function RecordingView({ detail: initial, watchers, moment: linked }: TProps) {
  const router = useRouter();
  const [detail, setDetail] = useState(initial);
  const [moment, setMoment] = useState(linked);
  // A live recording cannot be rewound: a link to one of its moments replays what had arrived when
  // the page opened, held still so that the refreshes below do not restart it.
  const [pinned, setPinned] = useState<TReplayData | null>(() =>
    initial.recording.status === "live" && linked !== null && initial.chunks.some((c) => c.hasCheckpoint) ? replayData(initial) : null,
  );
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { recording: r, chunks } = detail;

  const refresh = useCallback(async () => {
    try {
      const next = await apiFetch<Omit<TRecordingDetail, "viewId">>(`/api/v1/recordings/${encodeURIComponent(r.id)}`);
      setDetail((prev) => ({ ...next, viewId: prev.viewId }));
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [r.id]);

  // While live, keep the markers, pages and duration current.
  useEffect(() => {
    if (r.status !== "live") return;
    const timer = setInterval(() => void refresh(), 5000);
    return () => clearInterval(timer);
  }, [r.status, refresh]);

  async function onDelete() {
    if (!window.confirm("Delete this recording now? This cannot be undone.")) return;
    setDeleting(true);
    try {
      await apiFetch(`/api/v1/recordings/${encodeURIComponent(r.id)}`, { method: "DELETE" });
      await refresh();
      router.refresh();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setDeleting(false);
    }
  }

  const replay = replayData(detail);
  const startAt = (data: TReplayData) => (moment === null ? null : Math.min(moment, data.lastTs - data.firstTs));
  // In the server's HTML only: later renders find the player already loading.
  if (typeof window === "undefined" && r.status !== "purged") {
    const shown = pinned ?? (r.status !== "live" && chunks.length > 0 ? replay : null);
    if (shown) preloadReplayStart({ recordingId: r.id, viewId: detail.viewId, ...shown, startAt: startAt(shown) });
  }
  const leavePinned = () => {
    setPinned(null);
    setMoment(null);
    window.history.replaceState(window.history.state, "", `/recordings/${encodeURIComponent(r.id)}`);
  };

  return (
    <div className="recording-page">
      <div className="page-head">
        <div>
          <h1>
            Recording for ticket <Link href={`/tickets/${r.ticket.id}`}>#{r.ticket.reference}</Link> {r.ticket.preview && <PreviewBadge />}
          </h1>
          <p className="muted recording-sub">
            <StatusBadge status={r.status} /> Started {formatDateTime(r.startedAt)}
            {r.ticket.subject ? ` · ${r.ticket.subject}` : ""}
          </p>
        </div>
        {r.status !== "purged" && (
          <button type="button" className="btn btn-danger" onClick={onDelete} disabled={deleting}>
            {deleting ? "Deleting…" : "Delete recording"}
          </button>
        )}
      </div>
      <FormError message={error} />

      {r.status === "purged" ? (
        <p className="notice" data-testid="recording-purged">
          This recording was deleted {formatDateTime(r.purgedAt)} ({r.purgeReason ?? "deleted"}). Nothing of it is left to watch.
        </p>
      ) : pinned ? (
        <>
          <p className="notice" data-testid="live-moment">
            {r.status === "live"
              ? "This recording is still live: you are watching what had arrived when you opened the link."
              : "This recording has finished since you opened the link."}{" "}
            <button type="button" className="btn btn-small" onClick={leavePinned}>
              {r.status === "live" ? "Watch live" : "Show the whole recording"}
            </button>
          </p>
          <ReplayPlayer key="moment" recordingId={r.id} viewId={detail.viewId} {...pinned} startAt={startAt(pinned)} momentLinks />
        </>
      ) : r.status === "live" ? (
        <LivePlayer key="live" recordingId={r.id} firstTs={r.firstEventAt} onEnd={() => void refresh()} />
      ) : chunks.length === 0 ? (
        <p className="notice">Nothing was recorded.</p>
      ) : (
        <ReplayPlayer
          key={`replay-${chunks.length}`}
          recordingId={r.id}
          viewId={detail.viewId}
          {...replay}
          startAt={startAt(replay)}
          momentLinks
        />
      )}

      <div className="recording-info">
        <section aria-labelledby="about-title">
          <h2 id="about-title">About this recording</h2>
          <dl className="dl">
            <dt>Browser</dt>
            <dd data-testid="user-agent">{r.userAgent ?? "—"}</dd>
            <dt>Viewport</dt>
            <dd>{r.viewport ?? "—"}</dd>
            <dt>Duration</dt>
            <dd>{formatDuration(r.durationMs)}</dd>
            <dt>Events</dt>
            <dd>
              {r.eventCount} in {r.chunkCount} batches
            </dd>
            <dt>Finished</dt>
            <dd>{formatDateTime(r.finishedAt)}</dd>
          </dl>
          <h3>Pages visited</h3>
          {r.pages.length === 0 ? (
            <p className="muted">None yet.</p>
          ) : (
            <ol className="recording-pages">
              {r.pages.map((p, i) => (
                <li key={`${p}-${i}`}>
                  <code>{p}</code>
                </li>
              ))}
            </ol>
          )}
        </section>
        <section aria-labelledby="privacy-title">
          <h2 id="privacy-title">Privacy configuration</h2>
          <p className="muted">As in force when the recording started.</p>
          {r.privacy ? (
            <dl className="dl" data-testid="privacy-snapshot">
              {Object.entries(r.privacy).map(([key, value]) => (
                <div key={key} className="dl-row">
                  <dt>{PRIVACY_LABELS[key] ?? key}</dt>
                  <dd>{privacyValue(value)}</dd>
                </div>
              ))}
            </dl>
          ) : (
            <p className="muted">Not recorded.</p>
          )}
        </section>
        <section aria-labelledby="watchers-title">
          <h2 id="watchers-title">Who has watched it</h2>
          {watchers.length === 0 ? (
            <p className="muted">Nobody yet.</p>
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="watchers">
                <thead>
                  <tr>
                    <th scope="col">Who</th>
                    <th scope="col">What</th>
                    <th scope="col">When</th>
                  </tr>
                </thead>
                <tbody>
                  {watchers.map((w) => (
                    <tr key={w.id}>
                      <td>{w.who}</td>
                      <td>{ACCESS_LABELS[w.action] ?? w.action}</td>
                      <td>{formatDateTime(w.at)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </div>
    </div>
  );
}
