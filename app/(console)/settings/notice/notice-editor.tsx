"use client";

import { useRouter } from "next/navigation";
import { apiFetch } from "@/components/api-fetch";
import { formatDateTime } from "@/components/format";
import { Flash, useApiAction } from "@/components/use-api-action";
import type { listNotices } from "@/lib/notice/list-notices";

type TVersion = Awaited<ReturnType<typeof listNotices>>[number];

const LANGUAGES = [
  { code: "en", label: "English" },
  { code: "fr", label: "French" },
] as const;

export function NoticeEditor({ versions }: { versions: TVersion[] }) {
  const router = useRouter();
  const current = versions[0];
  const { busy, message, run } = useApiAction();

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void run(async () => {
      const { version } = await apiFetch<{ version: number }>("/api/v1/notice", {
        method: "POST",
        body: { en: String(form.get("en") ?? ""), fr: String(form.get("fr") ?? "") },
      });
      router.refresh();
      return `Version ${version} published. New consent pages show it from now on.`;
    });
  }

  return (
    <div className="stack">
      <form method="post" onSubmit={onSubmit} className="card" aria-labelledby="notice-title">
        <h2 id="notice-title" style={{ marginTop: 0 }}>
          Consent notice {current ? <span className="badge">version {current.version}</span> : null}
        </h2>
        <p className="muted" id="notice-hint">
          Customers read this before they accept or decline. Publishing creates a new version; consents already given keep
          pointing at the version the customer read. Placeholders: <code>{"{operator}"}</code>, <code>{"{ticket}"}</code>,{" "}
          <code>{"{retention}"}</code>, <code>{"{duration}"}</code>, and <code>{"{recorded}"}</code> (required, on its own line):
          there each site&apos;s &quot;What is recorded&quot; sections go, written from its privacy settings. A line starting
          with <code>## </code> is a heading, one starting with <code>- </code> a list item.
        </p>
        <div aria-live="polite">
          <Flash message={message} />
        </div>
        {LANGUAGES.map(({ code, label }) => (
          <div className="field" key={`${code}-${current?.version}`}>
            <label htmlFor={`notice-${code}`}>{label}</label>
            <textarea
              id={`notice-${code}`}
              name={code}
              lang={code}
              required
              minLength={50}
              maxLength={20000}
              rows={18}
              defaultValue={current?.bodies[code] ?? ""}
              aria-describedby="notice-hint"
            />
          </div>
        ))}
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? "Publishing…" : "Publish new version"}
        </button>
      </form>

      <section aria-labelledby="history-title">
        <h2 id="history-title">History</h2>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Published</th>
              <th scope="col">Consent records</th>
              <th scope="col">Text</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version}>
                <td>{v.version}</td>
                <td>{formatDateTime(v.createdAt)}</td>
                <td>{v.consents}</td>
                <td>
                  <details>
                    <summary>Show</summary>
                    {LANGUAGES.map(({ code, label }) => (
                      <div key={code}>
                        <h3 style={{ fontSize: "0.95rem" }}>{label}</h3>
                        <pre lang={code}>{v.bodies[code]}</pre>
                      </div>
                    ))}
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
