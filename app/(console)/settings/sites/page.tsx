import type { Metadata } from "next";
import { requireAdmin } from "@/lib/auth";
import Link from "next/link";
import { CopyButton } from "@/components/copy-button";
import { listSites } from "@/lib/sites/list-sites";

export const metadata: Metadata = { title: "Sites" };

export default async function SitesPage() {
  if (!(await requireAdmin("/settings/sites"))) return null;
  const sites = await listSites();
  return (
    <div className="stack">
      <div className="page-head">
        <h2 style={{ margin: 0 }}>Sites</h2>
        <Link href="/settings/sites/new" className="btn btn-primary">
          Add a site
        </Link>
      </div>
      <p className="muted">A site is a website where the snippet is installed. Recording only ever starts there, and only after the customer accepts.</p>
      {sites.map((site) => (
        <section key={site.id} className="card stack" aria-labelledby={`site-${site.id}`}>
          <div className="page-head" style={{ marginBottom: 0 }}>
            <h3 id={`site-${site.id}`} style={{ margin: 0 }}>
              {site.name} {site.isDemo && <span className="badge">demo</span>}
            </h3>
            <Link href={`/settings/sites/${site.id}`} className="btn btn-small">
              Edit <span className="sr-only">{site.name}</span>
            </Link>
          </div>
          <dl className="dl">
            <dt>Allowed origins</dt>
            <dd>{site.allowedOrigins.join(", ")}</dd>
            <dt>Start URL</dt>
            <dd>{site.startUrl}</dd>
            <dt>Privacy preset</dt>
            <dd>{site.privacyPreset}</dd>
          </dl>
          <div className="field" style={{ marginBottom: 0 }}>
            <span id={`snippet-label-${site.id}`}>Snippet for every page of the site</span>
            <div className="secret">
              <code id={`snippet-${site.id}`} aria-labelledby={`snippet-label-${site.id}`}>
                {site.snippet}
              </code>
              <CopyButton text={site.snippet} label="Copy snippet" targetId={`snippet-${site.id}`} />
            </div>
          </div>
        </section>
      ))}
    </div>
  );
}
