import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth";

export default async function SettingsIndex() {
  await requireUser("/settings");
  redirect("/settings/sites");
}
