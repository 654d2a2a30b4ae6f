"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch, errorMessage } from "@/components/api-fetch";
import { FormError } from "@/components/form-error";

type TSiteValues = {
  id?: string;
  name: string;
  allowedOrigins: string[];
  startUrl: string;
  privacyPreset: "strict" | "balanced";
  maskSelectors: string;
  blockSelectors: string;
  unmaskSelectors: string;
};

export function SiteForm({ site }: { site?: TSiteValues }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const body = {
      name: text("name"),
      allowedOrigins: text("allowedOrigins").split(/[\s,]+/).filter(Boolean),
      startUrl: text("startUrl"),
      privacyPreset: text("privacyPreset"),
      maskSelectors: text("maskSelectors"),
      blockSelectors: text("blockSelectors"),
      unmaskSelectors: text("unmaskSelectors"),
    };
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      if (site?.id) {
        const { site: updated } = await apiFetch<{ site: { noticeVersion: number } }>(`/api/v1/sites/${site.id}`, { method: "PATCH", body });
        setSaved(updated.noticeVersion);
        router.refresh();
      } else {
        await apiFetch("/api/v1/sites", { method: "POST", body });
        router.push("/settings/sites");
        router.refresh();
      }
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form method="post" onSubmit={onSubmit} className="card">
      <FormError message={error} />
      {saved !== null && (
        <p role="status" className="notice notice-ok">
          Saved. Customers who accept from now on read version {saved} of this site&apos;s notice and are recorded with these settings;
          earlier consents and recordings keep theirs.
        </p>
      )}
      <div className="field">
        <label htmlFor="name">Name</label>
        <input id="name" name="name" required maxLength={120} defaultValue={site?.name} />
      </div>
      <div className="field">
        <label htmlFor="allowedOrigins">Allowed origins</label>
        <textarea id="allowedOrigins" name="allowedOrigins" required rows={3} defaultValue={site?.allowedOrigins.join("\n")} aria-describedby="origins-hint" />
        <span id="origins-hint" className="hint">
          One per line, e.g. https://shop.example.com. Recording is only accepted from these origins.
        </span>
      </div>
      <div className="field">
        <label htmlFor="startUrl">Start URL</label>
        <input id="startUrl" name="startUrl" type="url" required defaultValue={site?.startUrl} aria-describedby="start-hint" />
        <span id="start-hint" className="hint">
          Where customers land after accepting, unless the agent picks another page.
        </span>
      </div>
      <fieldset className="field" style={{ border: "none", padding: 0 }}>
        <legend style={{ fontWeight: 500, marginBottom: "0.3rem" }}>Privacy preset</legend>
        <label className="row" style={{ fontWeight: 400 }}>
          <input type="radio" name="privacyPreset" value="strict" defaultChecked={(site?.privacyPreset ?? "strict") === "strict"} />
          Strict (recommended): all text and inputs masked; images, video and frames blocked
        </label>
        <label className="row" style={{ fontWeight: 400 }}>
          <input type="radio" name="privacyPreset" value="balanced" defaultChecked={site?.privacyPreset === "balanced"} />
          Balanced: page text visible; inputs, rich-text editors, images and console text stay masked
        </label>
      </fieldset>
      <div className="field">
        <label htmlFor="maskSelectors">Always mask (CSS selectors)</label>
        <input id="maskSelectors" name="maskSelectors" maxLength={2000} defaultValue={site?.maskSelectors} placeholder=".account-number, #address" />
      </div>
      <div className="field">
        <label htmlFor="blockSelectors">Always block (CSS selectors)</label>
        <input id="blockSelectors" name="blockSelectors" maxLength={2000} defaultValue={site?.blockSelectors} placeholder=".chat-widget" />
      </div>
      <div className="field">
        <label htmlFor="unmaskSelectors">Unmask interface text (tags, .classes, #ids, [attributes]; comma-separated)</label>
        <input id="unmaskSelectors" name="unmaskSelectors" maxLength={2000} defaultValue={site?.unmaskSelectors} placeholder=".product-title" />
      </div>
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? "Saving…" : site?.id ? "Save site" : "Add site"}
      </button>
    </form>
  );
}
