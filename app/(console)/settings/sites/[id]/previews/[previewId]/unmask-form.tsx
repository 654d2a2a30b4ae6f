"use client";

import { useRouter } from "next/navigation";
import { apiFetch } from "@/components/api-fetch";
import { Flash, useApiAction } from "@/components/use-api-action";

/** The site's unmask list, saved through the same API and validation as the site's settings form. */
export function UnmaskForm({ siteId, unmaskSelectors, privacyPreset }: { siteId: string; unmaskSelectors: string; privacyPreset: string }) {
  const router = useRouter();
  const { busy, message, run } = useApiAction();

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget).get("unmaskSelectors") ?? "").trim();
    await run(async () => {
      await apiFetch(`/api/v1/sites/${encodeURIComponent(siteId)}`, { method: "PATCH", body: { unmaskSelectors: value } });
      router.refresh();
      return "Saved. New links and previews use this list; this preview keeps the settings it was recorded with.";
    });
  }

  return (
    <form method="post" onSubmit={onSubmit} className="stack" aria-labelledby="unmask-title">
      <h3 id="unmask-title" style={{ margin: 0 }}>
        Tighten or loosen what agents read
      </h3>
      <Flash message={message} />
      <div className="field" style={{ marginBottom: 0 }}>
        <label htmlFor="preview-unmask">Unmask interface text (tags, .classes, #ids, [attributes]; comma-separated)</label>
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
