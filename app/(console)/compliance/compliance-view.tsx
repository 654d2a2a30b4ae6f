import { formatBytes, formatDateTime, formatMinutes } from "@/components/format";
import type { TComplianceReport } from "@/lib/compliance/build-compliance-report";
import { PrintButton } from "./print-button";
import { DataTable } from "@/components/data-table";

const PRINT_CSS = `
@media print {
  .console-header, .sub-nav, .no-print, a[href="#main"] { display: none !important; }
  .console-main { max-width: none; padding: 0; }
  .card { border: none; padding: 0; break-inside: avoid; }
  details > *:not(summary) { display: block; }
  body { background: #fff; }
}`;

const REASONS: Record<string, string> = {
  ticket_resolved: "ticket resolved",
  ticket_deleted: "ticket deleted",
  withdrawn: "customer withdrew",
  retention: "retention cap",
  manual: "deleted by staff",
};

export function ComplianceView({ report: r, periodError }: { report: TComplianceReport; periodError: string | null }) {
  const day = (iso: string) => iso.slice(0, 10);
  const query = `from=${encodeURIComponent(r.period.from)}&to=${encodeURIComponent(r.period.to)}`;
  return (
    <div className="stack">
      <style>{PRINT_CSS}</style>
      <div className="page-head">
        <h1>Compliance report</h1>
        <div className="row no-print">
          <PrintButton />
          <a className="btn btn-small" href={`/api/v1/compliance?${query}`} download>
            Export JSON
          </a>
        </div>
      </div>
      <p className="muted">
        {r.operator.name} · period {formatDateTime(r.period.from)} to {formatDateTime(r.period.to)} · generated {formatDateTime(r.generatedAt)}. Configuration and
        counts only: no recording content.
      </p>
      {periodError && <p className="notice notice-error" role="alert">{periodError}</p>}
      <form method="get" className="inline-form no-print" aria-label="Report period">
        <div className="field">
          <label htmlFor="from">From</label>
          <input id="from" name="from" type="date" defaultValue={day(r.period.from)} />
        </div>
        <div className="field">
          <label htmlFor="to">To</label>
          <input id="to" name="to" type="date" defaultValue={day(r.period.to)} />
        </div>
        <button type="submit" className="btn">
          Show
        </button>
      </form>

      <section className="card" aria-labelledby="activity">
        <h2 id="activity" style={{ marginTop: 0 }}>
          Activity in the period
        </h2>
        <dl className="dl">
          <dt>Recording links created</dt>
          <dd data-count="links">{r.activity.linksCreated}</dd>
          <dt>Consents given</dt>
          <dd data-count="consents">{r.activity.consentsGiven}</dd>
          <dt>Declines</dt>
          <dd data-count="declines">{r.activity.declines}</dd>
          <dt>Withdrawals</dt>
          <dd data-count="withdrawals">{r.activity.withdrawals}</dd>
          <dt>Recordings started</dt>
          <dd data-count="recordings">{r.activity.recordingsStarted}</dd>
          <dt>Recordings purged</dt>
          <dd data-count="purges">
            {r.activity.recordingsPurged} ({formatBytes(r.activity.purgedBytes)})
            {Object.keys(r.activity.purgesByReason).length > 0 && (
              <span className="muted">
                {" "}
                —{" "}
                {Object.entries(r.activity.purgesByReason)
                  .map(([reason, n]) => `${n} ${REASONS[reason] ?? reason}`)
                  .join(", ")}
              </span>
            )}
          </dd>
          <dt>Tickets resolved or deleted</dt>
          <dd>{r.activity.ticketsResolved}</dd>
        </dl>
      </section>

      <section className="card" aria-labelledby="purposes">
        <h2 id="purposes" style={{ marginTop: 0 }}>
          Purposes
        </h2>
        <ul>
          {r.purposes.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="retention">
        <h2 id="retention" style={{ marginTop: 0 }}>
          Retention
        </h2>
        <dl className="dl">
          <dt>Retention cap</dt>
          <dd>
            {formatMinutes(r.retention.retentionHours * 60)} ({r.retention.retentionHours} h), whatever the ticket&apos;s state
          </dd>
          <dt>On ticket resolution</dt>
          <dd>{r.retention.graceMinutes === 0 ? "purged at once" : `purged after a grace period of ${formatMinutes(r.retention.graceMinutes)}, unless reopened`}</dd>
          <dt>Link lifetime (default)</dt>
          <dd>{formatMinutes(r.retention.linkTtlMinutes)}</dd>
          <dt>Maximum recording length (default)</dt>
          <dd>{formatMinutes(r.retention.maxDurationMinutes)}</dd>
          <dt>Sweeper</dt>
          <dd>every {r.retention.sweepEveryMinutes} minutes, and <code>npx glimpse purge</code> for cron</dd>
        </dl>
      </section>

      <section className="card" aria-labelledby="access">
        <h2 id="access" style={{ marginTop: 0 }}>
          Who may watch recordings
        </h2>
        <p>{r.access.rule} {r.access.audited}</p>
        <dl className="dl">
          <dt>Admins</dt>
          <dd>{r.access.admins.map((u) => `${u.name} <${u.email}>`).join(", ") || "—"}</dd>
          <dt>Agents</dt>
          <dd>{r.access.agents.map((u) => `${u.name} <${u.email}>`).join(", ") || "—"}</dd>
        </dl>
      </section>

      <section className="card" aria-labelledby="sites">
        <h2 id="sites" style={{ marginTop: 0 }}>
          Sites and privacy configuration
        </h2>
        <DataTable columns={["Site", "Preset", "Masked", "Blocked", "Unmasked"]}>
          {r.sites.map((s) => (
            <tr key={s.name + s.startUrl}>
              <td>
                {s.name}
                <div className="muted">{s.allowedOrigins.join(", ") || "no origin"}</div>
              </td>
              <td>
                {s.privacyPreset}
                <div className="muted">{s.effectiveConfig.maskAllText ? "all text and inputs masked" : "page text visible; inputs, editors and console text masked"}</div>
              </td>
              <td>
                <code>{s.effectiveConfig.maskTextSelector || "—"}</code>
              </td>
              <td>
                <code>{s.effectiveConfig.blockSelector || "—"}</code>
              </td>
              <td>
                <code>{s.effectiveConfig.unmaskTextSelector ?? "— (strict preset)"}</code>
              </td>
            </tr>
          ))}
        </DataTable>
        <p className="muted">
          Always masked on every site: <code>{r.sites[0]?.effectiveConfig.alwaysMaskInputSelector ?? "password, card, IBAN and national-id fields"}</code>. The
          configuration in force is copied onto each recording.
        </p>
      </section>

      <section className="card" aria-labelledby="notices">
        <h2 id="notices" style={{ marginTop: 0 }}>
          Consent notice versions
        </h2>
        {r.notices.map((n) => (
          <details key={n.version}>
            <summary>
              Version {n.version}, published {formatDateTime(n.publishedAt)} — {n.consents} consent{n.consents === 1 ? "" : "s"} recorded under it
            </summary>
            {n.languages.map((l) => (
              <div key={l.language}>
                <h3>
                  {l.language.toUpperCase()} <span className="muted">SHA-256 {l.sha256}</span>
                </h3>
                <pre style={{ whiteSpace: "pre-wrap" }}>{l.body}</pre>
              </div>
            ))}
          </details>
        ))}
      </section>

      <section className="card" aria-labelledby="integrations">
        <h2 id="integrations" style={{ marginTop: 0 }}>
          Helpdesk integrations
        </h2>
        <ul>
          {r.integrations.map((i) => (
            <li key={i.provider}>
              {i.label}: {i.configured ? `configured (secret from ${i.secretSource === "env" ? "the environment" : "the console"})` : "not configured"}
              {i.lastDeliveryAt ? `, last delivery ${formatDateTime(i.lastDeliveryAt)}` : ""}
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="security">
        <h2 id="security" style={{ marginTop: 0 }}>
          Security
        </h2>
        <dl className="dl">
          <dt>Encryption at rest</dt>
          <dd>{r.security.encryption}</dd>
          <dt>Deletion ({r.security.deletion.database === "postgresql" ? "PostgreSQL" : "SQLite"})</dt>
          <dd>{r.security.secureDelete ? r.security.deletion.detail : `OFF: ${r.security.deletion.detail}`}</dd>
          <dt>Audit log</dt>
          <dd>
            {r.security.auditChain.intact
              ? `hash chain intact (${r.security.auditChain.entries} entries)`
              : `hash chain BROKEN at entry #${r.security.auditChain.brokenId}: ${r.security.auditChain.reason}`}
          </dd>
        </dl>
      </section>
    </div>
  );
}
