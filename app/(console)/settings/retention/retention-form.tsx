"use client";

import { useRouter } from "next/navigation";
import { apiFetch } from "@/components/api-fetch";
import { Flash, useApiAction } from "@/components/use-api-action";
import type { TSettings } from "@/lib/settings/get-settings";

export function RetentionForm({ settings }: { settings: TSettings }) {
  const router = useRouter();
  const { busy, message, run } = useApiAction();

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const num = (name: string) => Number(form.get(name));
    void run(async () => {
      await apiFetch("/api/v1/settings", {
        method: "PATCH",
        body: {
          operatorName: String(form.get("operatorName") ?? "").trim(),
          retentionHours: num("retentionHours"),
          graceMinutes: num("graceMinutes"),
          linkTtlMinutes: num("linkTtlMinutes"),
          maxDurationMinutes: num("maxDurationMinutes"),
          allAgentsCanWatch: form.get("allAgentsCanWatch") === "on",
        },
      });
      router.refresh();
      return "Settings saved.";
    });
  }

  return (
    <form method="post" onSubmit={onSubmit} className="card" aria-labelledby="retention-title">
      <h2 id="retention-title" style={{ marginTop: 0 }}>
        Retention & link defaults
      </h2>
      <div aria-live="polite">
        <Flash message={message} />
      </div>
      <div className="field">
        <label htmlFor="operatorName">Operator name</label>
        <input id="operatorName" name="operatorName" required maxLength={120} defaultValue={settings.operatorName} aria-describedby="operator-hint" />
        <span id="operator-hint" className="hint">
          Shown to customers on the consent page and in the message agents send.
        </span>
      </div>
      <div className="grid-2">
        <div className="field">
          <label htmlFor="retentionHours">Retention cap (hours)</label>
          <input id="retentionHours" name="retentionHours" type="number" required min={1} max={8760} step={1} defaultValue={settings.retentionHours} aria-describedby="retention-hint" />
          <span id="retention-hint" className="hint">
            Recordings are purged after this, even if the ticket is still open. 720 hours = 30 days.
          </span>
        </div>
        <div className="field">
          <label htmlFor="graceMinutes">Grace period after resolve (minutes)</label>
          <input id="graceMinutes" name="graceMinutes" type="number" required min={0} max={10080} step={1} defaultValue={settings.graceMinutes} aria-describedby="grace-hint" />
          <span id="grace-hint" className="hint">
            0 purges at once. Otherwise a reopen within this time cancels the purge.
          </span>
        </div>
        <div className="field">
          <label htmlFor="linkTtlMinutes">Default link lifetime (minutes)</label>
          <input id="linkTtlMinutes" name="linkTtlMinutes" type="number" required min={5} max={10080} step={1} defaultValue={settings.linkTtlMinutes} aria-describedby="ttl-hint" />
          <span id="ttl-hint" className="hint">
            5 minutes to 7 days (10080).
          </span>
        </div>
        <div className="field">
          <label htmlFor="maxDurationMinutes">Default maximum recording length (minutes)</label>
          <input id="maxDurationMinutes" name="maxDurationMinutes" type="number" required min={1} max={120} step={1} defaultValue={settings.maxDurationMinutes} />
        </div>
      </div>
      <div className="field">
        <label className="row" style={{ fontWeight: 400 }}>
          <input type="checkbox" name="allAgentsCanWatch" defaultChecked={settings.allAgentsCanWatch} />
          Every agent may watch every recording (otherwise: the requesting agent, the ticket&apos;s assignee and admins)
        </label>
      </div>
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? "Saving…" : "Save"}
      </button>
    </form>
  );
}
