"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch, errorMessage } from "@/components/api-fetch";
import { FormError } from "@/components/form-error";

/** The site's unmask list, saved through the same API and validation as the site's settings form. */
export function UnmaskForm({ siteId, unmaskSelectors, privacyPreset }: { siteId: string; unmaskSelectors: string; privacyPreset: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get("unmaskSelectors") ?? "").trim();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await apiFetch(`/api/v1/sites/${encodeURIComponent(siteId)}`, { method: "PATCH", body: { unmaskSelectors: value } });
      setSaved(true);
      router.refresh();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="stack" aria-labelledby="unmask-title">
      <h3 id="unmask-title" style={{ margin: 0 }}>
        Tighten or loosen what agents read
      </h3>
      <FormError message={error} />
      {saved && (
        <p role="status" className="notice notice-ok">
          Saved. New links and previews use this list; this preview keeps the settings it was recorded with.
        </p>
      )}
      <div className="field" style={{ marginBottom: 0 }}>
        <label htmlFor="preview-unmask">Unmask text (CSS selectors)</label>
        <input id="preview-unmask" name="unmaskSelectors" maxLength={2000} defaultValue={unmaskSelectors} placeholder="nav, h1, label, button" aria-describedby="preview-unmask-hint" />
        <span id="preview-unmask-hint" className="hint">
          The site&apos;s preset is {privacyPreset}. Text inside these elements is recorded in clear; form fields and the always-masked fields stay masked.
        </span>
      </div>
      <div>
        <button type="submit" className="btn" disabled={busy}>
          {busy ? "Saving…" : "Save unmask list"}
        </button>
      </div>
    </form>
  );
}
