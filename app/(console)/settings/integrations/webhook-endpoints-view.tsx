"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch } from "@/components/api-fetch";
import { CopyButton } from "@/components/copy-button";
import { Flash, useApiAction } from "@/components/use-api-action";
import { OUTBOUND_EVENT_TYPES } from "@/lib/outbound/event-types";
import type { TEndpointRow } from "@/lib/outbound/list-endpoints";
import { DeliveryLog } from "./delivery-log";

export function WebhookEndpointsView({ endpoints }: { endpoints: TEndpointRow[] }) {
  const router = useRouter();
  const [secret, setSecret] = useState<string | null>(null);
  const { busy, message, run } = useApiAction();

  function onCreate(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const body = { url: String(data.get("url") ?? "").trim(), description: String(data.get("description") ?? ""), eventTypes: data.getAll("eventTypes").map(String) };
    void run(async () => {
      const res = await apiFetch<{ secret: string }>("/api/v1/webhook-endpoints", { method: "POST", body });
      setSecret(res.secret);
      form.reset();
      router.refresh();
    });
  }

  return (
    <section className="card stack" aria-labelledby="outbound-title" data-testid="webhook-endpoints">
      <h2 id="outbound-title" style={{ margin: 0 }}>
        Outbound events
      </h2>
      <p className="muted">
        Glimpse posts signed events (Standard Webhooks) to these URLs when a link is created, the customer accepts or declines, and a recording starts,
        finishes or is purged. They carry ids, states, counts, times, the ticket reference and console links, never what was recorded. Failed deliveries
        are retried for 24 hours.
      </p>
      <div aria-live="polite">
        <Flash message={message} />
        {secret && (
          <div className="notice notice-ok stack" role="status">
            <p style={{ margin: 0 }}>Endpoint added. Copy its signing secret now: it is shown only once.</p>
            <div className="secret">
              <code id="new-endpoint-secret" data-testid="new-endpoint-secret">
                {secret}
              </code>
              <CopyButton text={secret} label="Copy secret" targetId="new-endpoint-secret" />
            </div>
          </div>
        )}
      </div>
      <form method="post" onSubmit={onCreate} className="stack">
        <div className="field">
          <label htmlFor="endpoint-url">Endpoint URL</label>
          <input id="endpoint-url" name="url" type="url" required maxLength={2000} placeholder="https://example.com/glimpse-events" />
        </div>
        <div className="field">
          <label htmlFor="endpoint-description">Description (optional)</label>
          <input id="endpoint-description" name="description" maxLength={200} />
        </div>
        <fieldset className="field">
          <legend>Event types</legend>
          {OUTBOUND_EVENT_TYPES.map((t) => (
            <label key={t} className="row" style={{ fontWeight: 400 }}>
              <input type="checkbox" name="eventTypes" value={t} defaultChecked /> <code>{t}</code>
            </label>
          ))}
        </fieldset>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          Add endpoint
        </button>
      </form>
      {endpoints.length === 0 ? <p className="empty">No endpoints yet.</p> : endpoints.map((e) => <EndpointCard key={e.id} endpoint={e} />)}
    </section>
  );
}

function EndpointCard({ endpoint: e }: { endpoint: TEndpointRow }) {
  const router = useRouter();
  const { busy, message, run } = useApiAction();
  const act = (action: () => Promise<unknown>, done: string) =>
    void run(async () => {
      await action();
      router.refresh();
      return done;
    });
  const base = `/api/v1/webhook-endpoints/${e.id}`;

  return (
    <article className="card stack" aria-label={`Endpoint ${e.url}`} data-endpoint-id={e.id}>
      <div className="page-head" style={{ marginBottom: 0 }}>
        <code style={{ wordBreak: "break-all" }}>{e.url}</code>
        <span className={`badge ${e.enabled ? "badge-finished" : "badge-expired"}`}>{e.enabled ? "Enabled" : "Disabled"}</span>
      </div>
      {e.description && <p style={{ margin: 0 }}>{e.description}</p>}
      <p className="muted" style={{ margin: 0 }}>
        {e.eventTypes.join(", ")} · {e.counts.delivered} delivered, {e.counts.pending} pending, {e.counts.failed} failed
      </p>
      <div className="row">
        <button type="button" className="btn btn-small" disabled={busy} onClick={() => act(() => apiFetch(base, { method: "PATCH", body: { enabled: !e.enabled } }), e.enabled ? "Endpoint disabled: its deliveries wait." : "Endpoint enabled.")}>
          {e.enabled ? "Disable" : "Enable"}
        </button>
        <button type="button" className="btn btn-small btn-danger" disabled={busy} onClick={() => act(() => apiFetch(base, { method: "DELETE" }), "Endpoint deleted.")}>
          Delete
        </button>
      </div>
      <div aria-live="polite">
        <Flash message={message} />
      </div>
      <DeliveryLog deliveries={e.deliveries} base={base} caption={`Deliveries to ${e.url}, newest first`} enabled={e.enabled} busy={busy} act={act} />
    </article>
  );
}
