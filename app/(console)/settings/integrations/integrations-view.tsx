"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch } from "@/components/api-fetch";
import { Flash, useApiAction } from "@/components/use-api-action";
import { CopyButton } from "@/components/copy-button";
import { formatDateTime } from "@/components/format";
import type { TIntegration } from "@/lib/webhooks/list-integrations";

export function IntegrationsView({ integrations }: { integrations: TIntegration[] }) {
  return (
    <div className="stack">
      <p className="muted">
        Helpdesks tell Glimpse when a ticket is created, resolved, reopened or deleted. Resolving or deleting a ticket purges its recordings. Paste the
        URL into the helpdesk and give both sides the same secret. Secrets are stored encrypted with the master key; an environment variable, when
        set, wins over the secret saved here.
      </p>
      {integrations.map((i) => (
        <IntegrationCard key={i.provider} integration={i} />
      ))}
    </div>
  );
}

function IntegrationCard({ integration: i }: { integration: TIntegration }) {
  const router = useRouter();
  const [generated, setGenerated] = useState<string | null>(null);
  const { busy, message, run: runAction } = useApiAction();
  const id = (s: string) => `${i.provider}-${s}`;

  const run = (action: () => Promise<string>) =>
    runAction(async () => {
      const text = await action();
      router.refresh();
      return text;
    });

  async function onSave(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const secret = String(new FormData(form).get("secret") ?? "").trim();
    await run(async () => {
      await apiFetch(`/api/v1/integrations/${i.provider}`, { method: "PUT", body: { secret } });
      form.reset();
      setGenerated(null);
      return "Secret saved.";
    });
  }

  const generate = () =>
    run(async () => {
      const res = await apiFetch<{ secret: string }>(`/api/v1/integrations/${i.provider}`, { method: "PUT", body: { generate: true } });
      setGenerated(res.secret);
      return "New secret saved. Copy it now: it is not shown again.";
    });

  const remove = () =>
    run(async () => {
      await apiFetch(`/api/v1/integrations/${i.provider}`, { method: "DELETE" });
      setGenerated(null);
      return "Secret removed: deliveries are refused until a new one is set.";
    });

  return (
    <section className="card stack" aria-labelledby={id("title")} data-provider={i.provider}>
      <div className="page-head" style={{ marginBottom: 0 }}>
        <h2 id={id("title")} style={{ margin: 0 }}>
          {i.label}
        </h2>
        <span className={`badge ${i.configured ? "badge-finished" : "badge-expired"}`}>
          {i.configured ? (i.secretSource === "env" ? `Configured by ${i.envName}` : "Configured") : "Not configured"}
        </span>
      </div>
      <div>
        <div className="muted" id={id("url-label")}>
          Webhook URL
        </div>
        <div className="secret">
          <code id={id("url")} aria-labelledby={id("url-label")}>
            {i.url}
          </code>
          <CopyButton text={i.url} label="Copy URL" targetId={id("url")} />
        </div>
      </div>
      <p className="muted" style={{ margin: 0 }}>
        {i.setup} <br />
        Signature: {i.signature}.
      </p>
      <div aria-live="polite">
        <Flash message={message} />
      </div>
      {generated && (
        <div className="secret">
          <code id={id("generated")}>{generated}</code>
          <CopyButton text={generated} label="Copy secret" targetId={id("generated")} />
        </div>
      )}
      {i.secretSource === "env" ? (
        <p className="notice">
          The secret comes from the environment variable <code>{i.envName}</code>. Change it there.
        </p>
      ) : (
        <form method="post" onSubmit={onSave} className="inline-form">
          <div className="field">
            <label htmlFor={id("secret")}>{i.configured ? "Replace the secret" : "Secret"}</label>
            <input id={id("secret")} name="secret" type="password" autoComplete="off" required minLength={8} maxLength={i.maxSecretLength} />
          </div>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            Save secret
          </button>
          {i.offerGenerate && (
            <button type="button" className="btn" onClick={generate} disabled={busy}>
              Generate one
            </button>
          )}
          {i.configured && (
            <button type="button" className="btn btn-danger" onClick={remove} disabled={busy}>
              Remove
            </button>
          )}
        </form>
      )}
      <details>
        <summary>Last deliveries ({i.deliveries.length})</summary>
        {i.deliveries.length === 0 ? (
          <p className="empty">Nothing received yet.</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <caption className="sr-only">Last deliveries from {i.label}, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Event</th>
                  <th scope="col">Ticket</th>
                  <th scope="col">Result</th>
                </tr>
              </thead>
              <tbody>
                {i.deliveries.map((d) => (
                  <tr key={d.id}>
                    <td>{formatDateTime(d.receivedAt)}</td>
                    <td>{d.eventType ?? "—"}</td>
                    <td>{d.ticketRef ?? "—"}</td>
                    <td>
                      <span className={`badge badge-${d.result === "applied" ? "finished" : d.result === "rejected" ? "declined" : "pending"}`}>{d.result}</span>{" "}
                      <span className="muted">
                        {d.statusCode}
                        {d.message ? ` · ${d.message}` : ""}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {i.refusals.length > 0 && (
          <p className="muted">
            Refused before authentication in the last 7 days:{" "}
            {i.refusals.map((r) => `${r.count} × ${r.reason} (last ${formatDateTime(r.lastAt)})`).join("; ")}
          </p>
        )}
      </details>
    </section>
  );
}
