import type { Metadata } from "next";
import { currentAdmin } from "@/lib/auth";
import { listNotices } from "@/lib/notice/list-notices";
import { NoticeEditor } from "./notice-editor";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Consent notice" };

export default async function NoticePage() {
  if (!(await currentAdmin())) return null;
  return <NoticeEditor versions={await listNotices()} />;
}
