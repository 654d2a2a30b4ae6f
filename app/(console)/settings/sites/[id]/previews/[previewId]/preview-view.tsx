"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { DataTable } from "@/components/data-table";
import { formatDateTime } from "@/components/format";
import { PreviewBadge } from "@/components/preview-badge";
import type { TPreviewDetail } from "@/lib/previews/get-preview";
import type { TVisibleKind, TVisibleText } from "@/lib/previews/list-visible-texts";
import { PREVIEW_STATE_LABELS } from "../../preview-labels";
import { PreviewStarter } from "../../preview-starter";
import { PreviewRefresher } from "./preview-refresher";
import { UnmaskForm } from "./unmask-form";
import "./preview.css";

// rrweb needs a DOM: the player only ever runs in the browser.
const ReplayPlayer = dynamic(() => import("@/components/player/replay-player").then((m) => m.ReplayPlayer), {
  ssr: false,
  loading: () => <p className="muted">Loading the player…</p>,
});

type TSiteInfo = { id: string; name: string; privacyPreset: string; unmaskSelectors: string };

const KIND_LABELS: Record<TVisibleKind, string> = {
  text: "Page text",
  attribute: "Attribute",
  value: "Form value",
  console: "Console",
  request: "Request",
};

function VisibleTexts({ items, omitted }: { items: TVisibleText[]; omitted: number }) {
  if (items.length === 0) {
    return <p className="notice" data-testid="visible-texts-empty">Nothing readable was recorded: every text was masked.</p>;
  }
  return (
    <div className="preview-texts">
      <DataTable columns={["Text", "Kind", "Seen"]} caption="Every distinct text recorded in clear" testId="visible-texts" empty={omitted > 0 && <p className="muted">And {omitted} more.</p>}>
        {items.map((t, i) => (
          <tr key={i} data-kind={t.kind}>
            <td data-visible-text>{t.value}</td>
            <td>
              {KIND_LABELS[t.kind]}
              {t.name ? <code> {t.name}</code> : null}
            </td>
            <td>{t.count}</td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}

export function PreviewView({ site, detail }: { site: TSiteInfo; detail: TPreviewDetail }) {
  const { preview, visible } = detail;
  const replay = detail.detail;
  const sitePath = `/settings/sites/${encodeURIComponent(site.id)}`;
  const following = preview.state === "waiting" || preview.state === "recording";

  return (
    <div className="stack">
      <div className="page-head" style={{ marginBottom: 0 }}>
        <div>
          <h2 style={{ margin: 0 }}>
            Privacy preview of <Link href={sitePath}>{site.name}</Link> <PreviewBadge />
          </h2>
          <p className="muted" style={{ margin: "0.25rem 0 0" }}>
            Started {formatDateTime(preview.createdAt)}
            {preview.by ? ` by ${preview.by}` : ""} · <span data-testid="preview-state">{PREVIEW_STATE_LABELS[preview.state]}</span>
            {preview.recording && preview.state !== "purged" ? ` · deleted automatically at ${formatDateTime(preview.recording.purgeDueAt)}` : ""}
          </p>
        </div>
      </div>

      {following && <PreviewRefresher />}
      {preview.state === "waiting" && (
        <p className="notice" role="status">
          Waiting for you to open the preview link and accept. This page follows along by itself.
        </p>
      )}
      {preview.state === "recording" && (
        <p className="notice" role="status">
          Recording your visit. Press Finish in the Glimpse badge on your site when you are done; the replay appears here.
        </p>
      )}
      {preview.state === "ended" && <p className="notice">The preview link ended ({preview.linkStatus}) before anything was recorded.</p>}
      {preview.state === "purged" && (
        <p className="notice" data-testid="preview-purged">
          This preview was deleted {formatDateTime(preview.recording?.purgedAt)}. Nothing of it is left.
        </p>
      )}

      {preview.state === "ready" && replay && visible && (
        <div className="preview-layout">
          <section aria-labelledby="preview-replay-title" className="preview-replay">
            <h3 id="preview-replay-title">What the agent replays</h3>
            {replay.chunks.length === 0 ? (
              <p className="notice">Nothing was recorded.</p>
            ) : (
              <ReplayPlayer
                recordingId={replay.recording.id}
                viewId={replay.viewId}
                chunks={replay.chunks}
                firstTs={replay.recording.firstEventAt ?? replay.chunks[0]!.firstTs}
                lastTs={Math.max(replay.recording.lastEventAt ?? 0, replay.chunks.at(-1)!.lastTs)}
                markers={replay.recording.markers}
              />
            )}
          </section>
          <section aria-labelledby="preview-texts-title" className="stack">
            <h3 id="preview-texts-title" style={{ margin: 0 }}>
              What agents can read ({visible.items.length + visible.omitted})
            </h3>
            <p className="muted" style={{ margin: 0 }}>
              Every distinct text this recording holds in clear. Anything masked is left out.
            </p>
            <VisibleTexts items={visible.items} omitted={visible.omitted} />
          </section>
        </div>
      )}

      {(preview.state === "ready" || preview.state === "purged" || preview.state === "ended") && (
        <section className="card stack" aria-label="Change and preview again">
          <UnmaskForm siteId={site.id} unmaskSelectors={site.unmaskSelectors} privacyPreset={site.privacyPreset} />
          <PreviewStarter siteId={site.id} siteName={site.name} label="Start another preview" />
        </section>
      )}
    </div>
  );
}
