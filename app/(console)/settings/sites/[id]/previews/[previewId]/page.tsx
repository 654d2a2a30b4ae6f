import type { Metadata } from "next";
import { requireAdmin } from "@/lib/auth";
import { orNotFound } from "@/lib/or-not-found";
import { getPreview } from "@/lib/previews/get-preview";
import { getSite } from "@/lib/sites/get-site";
import { PreviewView } from "./preview-view";

export const metadata: Metadata = { title: "Privacy preview" };

export default async function PreviewPage({ params }: { params: Promise<{ id: string; previewId: string }> }) {
  const { id, previewId } = await params;
  const user = await requireAdmin(`/settings/sites/${id}/previews/${previewId}`);
  if (!user) return null;
  const site = await orNotFound(getSite(id));
  const actor = { type: "user" as const, id: user.id, label: user.email, role: user.role, userId: user.id };
  const detail = await orNotFound(getPreview({ siteId: site.id, previewId, actor }));
  return <PreviewView site={{ id: site.id, name: site.name, privacyPreset: site.privacyPreset, unmaskSelectors: site.unmaskSelectors }} detail={detail} />;
}
