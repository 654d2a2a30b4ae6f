"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch } from "@/components/api-fetch";
import { Flash, useApiAction } from "@/components/use-api-action";
import type { TConnectionForm } from "@/lib/helpdesk/connection-forms";
import type { TConnectionRow } from "@/lib/helpdesk/list-connections";
import { DeliveryLog } from "./delivery-log";

type TSite = { id: string; name: string };

export function HelpdeskConnectionsView({ connections, forms, sites }: { connections: TConnectionRow[]; forms: TConnectionForm[]; sites: TSite[] }) {
  const router = useRouter();
  const unconnected = forms.filter((f) => !connections.some((c) => c.provider === f.provider));
  const [provider, setProvider] = useState(unconnected[0]?.provider ?? "");
  const form = forms.find((f) => f.provider === provider);
  const { busy, message, run } = useApiAction();

  function onConnect(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const el = event.currentTarget;
    const data = new FormData(el);
    const config: Record<string, string> = {};
    for (const f of form?.fields ?? []) {
      const value = String(data.get(`config.${f.name}`) ?? "").trim();
      if (value || !f.optional) config[f.name] = value;
    }
    const siteId = String(data.get("siteId") ?? "") || null;
    void run(async () => {
      await apiFetch("/api/v1/helpdesk-connections", { method: "POST", body: { provider, config, siteId } });
      el.reset();
      router.refresh();
      return `${form?.label} connected.`;
    });
  }

  return (
    <section className="card stack" aria-labelledby="helpdesk-title" data-testid="helpdesk-connections">
      <h2 id="helpdesk-title" style={{ margin: 0 }}>
        Notes in the helpdesk
      </h2>
      <p className="muted">
        Glimpse writes an internal note into the ticket when a link is created, when the customer accepts or declines, when a recording is ready (with a
        link that opens the player at the first error) and when it is purged (with the deletion receipt). Tagging a ticket <code>glimpse-record</code>{" "}
        creates a link and posts the message for the customer. Credentials are stored encrypted with the master key and never shown again.
      </p>
      <div aria-live="polite">
        <Flash message={message} />
      </div>
      {unconnected.length > 0 && (
        <form method="post" onSubmit={onConnect} className="stack" aria-label="Connect a helpdesk">
          <div className="field">
            <label htmlFor="helpdesk-provider">Helpdesk</label>
            <select id="helpdesk-provider" value={provider} onChange={(e) => setProvider(e.target.value as typeof provider)}>
              {unconnected.map((f) => (
                <option key={f.provider} value={f.provider}>
                  {f.label}
                </option>
              ))}
            </select>
          </div>
          {form?.fields.map((f) => (
            <div className="field" key={`${provider}-${f.name}`}>
              <label htmlFor={`helpdesk-${f.name}`}>
                {f.name}
                {f.optional ? " (optional)" : ""}
              </label>
              <input id={`helpdesk-${f.name}`} name={`config.${f.name}`} type={f.secret ? "password" : "text"} autoComplete="off" required={!f.optional} maxLength={2000} />
            </div>
          ))}
          <div className="field">
            <label htmlFor="helpdesk-site">Site of links requested from the helpdesk</label>
            <select id="helpdesk-site" name="siteId" defaultValue="">
              <option value="">The only site (else the default site)</option>
              {sites.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="btn btn-primary" disabled={busy || !form}>
            Connect
          </button>
        </form>
      )}
      {connections.length === 0 ? <p className="empty">No helpdesk connected yet.</p> : connections.map((c) => <ConnectionCard key={c.id} connection={c} sites={sites} />)}
    </section>
  );
}

function ConnectionCard({ connection: c, sites }: { connection: TConnectionRow; sites: TSite[] }) {
  const router = useRouter();
  const { busy, message, run } = useApiAction();
  const act = (action: () => Promise<unknown>, done: string) =>
    void run(async () => {
      await action();
      router.refresh();
      return done;
    });
  const base = `/api/v1/helpdesk-connections/${c.id}`;
  const site = sites.find((s) => s.id === c.siteId);

  return (
    <article className="card stack" aria-label={`Helpdesk ${c.label}`} data-connection-id={c.id}>
      <div className="page-head" style={{ marginBottom: 0 }}>
        <strong>{c.label}</strong>
        <span className={`badge ${c.enabled ? "badge-finished" : "badge-expired"}`}>{c.enabled ? "Enabled" : "Disabled"}</span>
      </div>
      <p className="muted" style={{ margin: 0 }}>
        {c.summary} · links for {site ? site.name : "the only site"} · {c.counts.delivered} delivered, {c.counts.pending} pending, {c.counts.failed} failed
      </p>
      <div className="row">
        <button type="button" className="btn btn-small" disabled={busy} onClick={() => act(() => apiFetch(base, { method: "PATCH", body: { enabled: !c.enabled } }), c.enabled ? "Notes paused: they wait." : "Notes resumed.")}>
          {c.enabled ? "Disable" : "Enable"}
        </button>
        <button type="button" className="btn btn-small btn-danger" disabled={busy} onClick={() => act(() => apiFetch(base, { method: "DELETE" }), `${c.label} disconnected.`)}>
          Disconnect
        </button>
      </div>
      <div aria-live="polite">
        <Flash message={message} />
      </div>
      <DeliveryLog deliveries={c.deliveries} base={base} caption={`Notes to ${c.label}, newest first`} enabled={c.enabled} busy={busy} act={act} />
    </article>
  );
}
