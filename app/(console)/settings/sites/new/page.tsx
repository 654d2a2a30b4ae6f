import type { Metadata } from "next";
import { requireAdmin } from "@/lib/auth";
import { SiteForm } from "../site-form";

export const metadata: Metadata = { title: "Add a site" };

export default async function NewSitePage() {
  if (!(await requireAdmin("/settings/sites/new"))) return null;
  return (
    <div className="stack">
      <h2 style={{ margin: 0 }}>Add a site</h2>
      <SiteForm />
    </div>
  );
}
