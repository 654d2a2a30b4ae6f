"use client";

import Link from "next/link";
import { useState } from "react";
import { apiFetch, errorMessage } from "@/components/api-fetch";
import { FormError } from "@/components/form-error";

type TStarted = { id: string; url: string; expiresAt: string };

/** Creates the preview link; the admin opens it in a new tab (a real click, so no popup blocker stops it). */
export function PreviewStarter({ siteId, siteName, label = "Preview what agents see" }: { siteId: string; siteName: string; label?: string }) {
  const [started, setStarted] = useState<TStarted | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onStart() {
    setBusy(true);
    setError(null);
    try {
      const { preview } = await apiFetch<{ preview: TStarted }>(`/api/v1/sites/${encodeURIComponent(siteId)}/previews`, { method: "POST", body: {} });
      setStarted(preview);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  if (started) {
    return (
      <div className="notice stack" role="status" data-testid="preview-started">
        <p style={{ margin: 0 }}>
          Your preview link is ready. It works once, until {new Date(started.expiresAt).toISOString().slice(11, 16)} UTC. Open it, accept,
          use the site as a customer would, then press Finish in the Glimpse badge.
        </p>
        <div className="row">
          <a className="btn btn-primary" href={started.url} target="_blank" rel="noopener noreferrer">
            Open {siteName} through the preview link
          </a>
          <Link className="btn" href={`/settings/sites/${encodeURIComponent(siteId)}/previews/${encodeURIComponent(started.id)}`}>
            See what agents see
          </Link>
        </div>
      </div>
    );
  }
  return (
    <div className="stack">
      <FormError message={error} />
      <div>
        <button type="button" className="btn btn-primary" onClick={onStart} disabled={busy}>
          {busy ? "Starting…" : label}
        </button>
      </div>
    </div>
  );
}
