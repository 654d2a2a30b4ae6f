import Link from "next/link";
import { formatDateTime } from "@/components/format";
import { StatusBadge } from "@/components/status-badge";
import type { TPreview } from "@/lib/previews/serialize-preview";
import { PREVIEW_STATE_LABELS } from "./preview-labels";
import { PreviewStarter } from "./preview-starter";

/** On the site's settings page: start a preview, and the newest ones. */
export function PreviewCard({ site, previews }: { site: { id: string; name: string }; previews: TPreview[] }) {
  return (
    <section className="card stack" aria-labelledby="preview-title">
      <h3 id="preview-title" style={{ margin: 0 }}>
        Privacy preview
      </h3>
      <p className="muted" style={{ margin: 0 }}>
        Visit your own site through a preview link, recorded exactly as a customer would be under this site&apos;s settings, then see the
        replay and every text an agent could read. No customer is involved, and the preview is deleted automatically after an hour.
      </p>
      <PreviewStarter siteId={site.id} siteName={site.name} />
      {previews.length > 0 && (
        <ul data-testid="preview-list" style={{ margin: 0, paddingLeft: "1.25rem" }}>
          {previews.map((p) => (
            <li key={p.id}>
              <Link href={`/settings/sites/${encodeURIComponent(site.id)}/previews/${encodeURIComponent(p.id)}`}>{formatDateTime(p.createdAt)}</Link>
              {p.by ? ` by ${p.by}` : ""} · <StatusBadge status={p.recording?.status ?? p.linkStatus} /> {PREVIEW_STATE_LABELS[p.state]}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
