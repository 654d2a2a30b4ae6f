"use client";

import { useRef, useState } from "react";
import { apiFetch, errorMessage } from "@/components/api-fetch";
import { CopyButton } from "@/components/copy-button";
import { formatDateTime, formatMinutes } from "@/components/format";
import type { TTicketView } from "@/lib/tickets/serialize-ticket";
import { FormError } from "@/components/form-error";

export type TSiteOption = { id: string; name: string; startUrl: string; allowedOrigins: string[] };
type TCreated = { link: { id: string; status: string; url: string; expiresAt: string } };

const TTL_CHOICES = [60, 4 * 60, 24 * 60, 3 * 24 * 60, 7 * 24 * 60];
const LENGTH_CHOICES = [5, 10, 20, 30, 60, 120];

function withDefault(choices: number[], value: number) {
  return [...new Set([...choices, value])].sort((a, b) => a - b);
}

function customerMessage(operatorName: string, ticketRef: string, url: string, expiresAt: string) {
  return [
    `Hello,`,
    ``,
    `To help with your request (${ticketRef}), we would like to see what happens on our site when the problem occurs.`,
    `If you agree, open this link: ${url}`,
    ``,
    `It explains exactly what is recorded before anything starts. Typed text and passwords are never recorded, you can stop at any time, and the recording is deleted when your request is resolved.`,
    `The link works once, until ${formatDateTime(expiresAt)}.`,
    ``,
    `${operatorName} support`,
  ].join("\n");
}

export function RequestRecordingDialog({
  ticket,
  sites,
  defaults,
  operatorName,
  onCreated,
}: {
  ticket: TTicketView;
  sites: TSiteOption[];
  defaults: { ttlMinutes: number; maxDurationMinutes: number };
  operatorName: string;
  onCreated: () => Promise<void>;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [siteId, setSiteId] = useState(sites[0]?.id ?? "");
  const [startUrl, setStartUrl] = useState(sites[0]?.startUrl ?? "");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<TCreated["link"] | null>(null);
  const site = sites.find((s) => s.id === siteId);

  function open() {
    setError(null);
    setCreated(null);
    dialogRef.current?.showModal();
  }

  // The URL must not outlive the dialog: it is shown once.
  function close() {
    dialogRef.current?.close();
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const { link } = await apiFetch<TCreated>(`/api/v1/tickets/${ticket.id}/links`, {
        method: "POST",
        body: {
          siteId,
          startUrl: startUrl.trim(),
          ttlMinutes: Number(form.get("ttlMinutes")),
          maxDurationMinutes: Number(form.get("maxDurationMinutes")),
        },
      });
      setCreated(link);
      await onCreated().catch(() => {});
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const message = created ? customerMessage(operatorName, ticket.ref, created.url, created.expiresAt) : "";

  return (
    <>
      <button type="button" className="btn btn-primary" onClick={open} disabled={sites.length === 0} title={sites.length === 0 ? "Add a site first" : undefined}>
        Request a recording
      </button>
      <dialog ref={dialogRef} aria-labelledby="request-title" onClose={() => setCreated(null)}>
        <h2 id="request-title" style={{ marginTop: 0 }}>
          {created ? "Send this link to the customer" : "Request a recording"}
        </h2>
        {created ? (
          <div className="stack">
            <p className="notice notice-ok" role="status">
              Link created. It is shown only now: copy it before closing.
            </p>
            <div className="field">
              <label htmlFor="created-url">Link</label>
              <div className="secret">
                <code id="created-url" data-testid="created-link-url">
                  {created.url}
                </code>
                <CopyButton text={created.url} label="Copy link" targetId="created-url" />
              </div>
            </div>
            <div className="field">
              <label htmlFor="customer-message">Message for the customer</label>
              <textarea id="customer-message" readOnly value={message} rows={10} />
              <div>
                <CopyButton text={message} label="Copy message" targetId="customer-message" />
              </div>
            </div>
            <div className="row">
              <button type="button" className="btn btn-primary" onClick={close}>
                Done
              </button>
            </div>
          </div>
        ) : (
          <form method="post" onSubmit={onSubmit}>
            <FormError message={error} />
            <div className="field">
              <label htmlFor="site">Site</label>
              <select
                id="site"
                value={siteId}
                onChange={(e) => {
                  setSiteId(e.target.value);
                  setStartUrl(sites.find((s) => s.id === e.target.value)?.startUrl ?? "");
                }}
              >
                {sites.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="startUrl">Start URL</label>
              <input id="startUrl" type="url" required value={startUrl} onChange={(e) => setStartUrl(e.target.value)} aria-describedby="startUrl-hint" />
              <span id="startUrl-hint" className="hint">
                Where the customer lands after accepting. Must be on {site?.allowedOrigins.join(", ") || "the site's allowed origins"}.
              </span>
            </div>
            <div className="grid-2">
              <div className="field">
                <label htmlFor="ttlMinutes">Link lifetime</label>
                <select id="ttlMinutes" name="ttlMinutes" defaultValue={defaults.ttlMinutes}>
                  {withDefault(TTL_CHOICES, defaults.ttlMinutes).map((m) => (
                    <option key={m} value={m}>
                      {formatMinutes(m)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="maxDurationMinutes">Maximum recording length</label>
                <select id="maxDurationMinutes" name="maxDurationMinutes" defaultValue={defaults.maxDurationMinutes}>
                  {withDefault(LENGTH_CHOICES, defaults.maxDurationMinutes).map((m) => (
                    <option key={m} value={m}>
                      {formatMinutes(m)}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <div className="row">
              <button type="submit" className="btn btn-primary" disabled={busy}>
                {busy ? "Creating…" : "Create link"}
              </button>
              <button type="button" className="btn" onClick={close}>
                Cancel
              </button>
            </div>
          </form>
        )}
      </dialog>
    </>
  );
}
