import type { Metadata } from "next";
import { headers } from "next/headers";
import { ensureDemoSite } from "@/lib/sites/ensure-demo-site";

// It reads the database before any request API, so Next would otherwise prerender it at build.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Demo shop" };

/** Stands in for an operator's website: every page carries the Glimpse loader, as the snippet says. */
export default async function DemoLayout({ children }: { children: React.ReactNode }) {
  const [site, nonce] = await Promise.all([ensureDemoSite(), headers().then((h) => h.get("x-nonce") ?? undefined)]);
  return (
    <div className="stack" style={{ maxWidth: 760, margin: "0 auto", padding: "1.5rem 1rem 6rem" }}>
      <script async src="/g.js" data-site={site.siteKey} nonce={nonce} />
      <header className="row" style={{ justifyContent: "space-between", alignItems: "center" }}>
        <a href="/demo" style={{ fontWeight: 700, fontSize: "1.25rem", textDecoration: "none" }}>
          Northwind Outfitters
        </a>
        <span className="muted">Demo shop · nothing here is real</span>
      </header>
      <main>{children}</main>
    </div>
  );
}
