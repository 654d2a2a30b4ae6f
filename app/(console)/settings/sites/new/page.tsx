import type { Metadata } from "next";
import { SiteForm } from "../site-form";

export const metadata: Metadata = { title: "Add a site" };

export default function NewSitePage() {
  return (
    <div className="stack">
      <h2 style={{ margin: 0 }}>Add a site</h2>
      <SiteForm />
    </div>
  );
}
