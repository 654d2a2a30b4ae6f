import type { Metadata } from "next";
import { requireAdmin } from "@/lib/auth";
import { listNotices } from "@/lib/notice/list-notices";
import { NoticeEditor } from "./notice-editor";

export const metadata: Metadata = { title: "Consent notice" };

export default async function NoticePage() {
  if (!(await requireAdmin("/settings/notice"))) return null;
  return <NoticeEditor versions={await listNotices()} />;
}
