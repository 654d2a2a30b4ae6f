import type { Metadata } from "next";
import { requireAdmin } from "@/lib/auth";
import { CopyButton } from "@/components/copy-button";
import { orNotFound } from "@/lib/or-not-found";
import { listPreviews } from "@/lib/previews/list-previews";
import { getSite } from "@/lib/sites/get-site";
import { SiteForm } from "../site-form";
import { PreviewCard } from "./preview-card";

export const metadata: Metadata = { title: "Edit site" };

export default async function EditSitePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!(await requireAdmin(`/settings/sites/${id}`))) return null;
  const site = await orNotFound(getSite(id));
  return (
    <div className="stack">
      <h2 style={{ margin: 0 }}>{site.name}</h2>
      <div className="card">
        <p style={{ marginTop: 0 }}>Put this snippet on every page of the site:</p>
        <div className="secret">
          <code id="snippet">{site.snippet}</code>
          <CopyButton text={site.snippet} label="Copy snippet" targetId="snippet" />
        </div>
      </div>
      <SiteForm site={site} />
      <PreviewCard site={site} previews={await listPreviews({ siteId: site.id })} />
    </div>
  );
}
