import type { Metadata } from "next";
import { requireAdmin } from "@/lib/auth";
import { getSettings } from "@/lib/settings/get-settings";
import { RetentionForm } from "./retention-form";

export const metadata: Metadata = { title: "Retention & links" };

export default async function RetentionPage() {
  if (!(await requireAdmin("/settings/retention"))) return null;
  return <RetentionForm settings={await getSettings()} />;
}
