"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch } from "@/components/api-fetch";
import { CopyButton } from "@/components/copy-button";
import { formatDateTime } from "@/components/format";
import { Flash, useApiAction } from "@/components/use-api-action";
import type { listApiKeys } from "@/lib/api-keys/list-api-keys";
import { DataTable } from "@/components/data-table";

type TKey = Awaited<ReturnType<typeof listApiKeys>>[number];

export function ApiKeysView({ apiKeys }: { apiKeys: TKey[] }) {
  const router = useRouter();
  const [newKey, setNewKey] = useState<string | null>(null);
  const { busy, message, run } = useApiAction();

  function onCreate(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const name = String(new FormData(formEl).get("name") ?? "");
    void run(async () => {
      const { key } = await apiFetch<{ key: string }>("/api/v1/api-keys", { method: "POST", body: { name } });
      setNewKey(key);
      formEl.reset();
      router.refresh();
    });
  }

  function revoke(key: TKey) {
    void run(async () => {
      await apiFetch(`/api/v1/api-keys/${key.id}/revoke`, { method: "POST", body: {} });
      router.refresh();
      return `Key “${key.name}” revoked. It stops working at once.`;
    });
  }

  return (
    <div className="stack">
      <h2 style={{ margin: 0 }}>API keys</h2>
      <p className="muted">
        A key acts as the admin who created it. Send it as <code>Authorization: Bearer &lt;key&gt;</code>. Every use is recorded in the audit log.
      </p>
      <div aria-live="polite">
        <Flash message={message} />
        {newKey && (
          <div className="notice notice-ok stack" role="status">
            <p style={{ margin: 0 }}>New key created. Copy it now: it is shown only once.</p>
            <div className="secret">
              <code id="new-key" data-testid="new-api-key">
                {newKey}
              </code>
              <CopyButton text={newKey} label="Copy key" targetId="new-key" />
            </div>
          </div>
        )}
      </div>
      <form method="post" onSubmit={onCreate} className="inline-form">
        <div className="field">
          <label htmlFor="key-name">Key name</label>
          <input id="key-name" name="name" required maxLength={80} placeholder="e.g. Zendesk app" />
        </div>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          Create key
        </button>
      </form>
      <DataTable
        columns={["Name", "Key", "Owner", "Created", "Last used"]}
        actions
        empty={apiKeys.length === 0 && <p className="empty">No API keys yet.</p>}
      >
        {apiKeys.map((k) => (
          <tr key={k.id}>
            <td>{k.name}</td>
            <td>
              <code>{k.prefix}…</code>
            </td>
            <td>{k.owner}</td>
            <td>{formatDateTime(k.createdAt)}</td>
            <td>{formatDateTime(k.lastUsedAt)}</td>
            <td>
              {k.revokedAt ? (
                <span className="badge badge-revoked">revoked</span>
              ) : (
                <button type="button" className="btn btn-small btn-danger" disabled={busy} onClick={() => revoke(k)}>
                  Revoke <span className="sr-only">{k.name}</span>
                </button>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
