import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { getRecordingDetail } from "@/lib/recordings/get-recording-detail";
import { getRecordingWatchers } from "@/lib/recordings/get-recording-watchers";
import { RecordingView } from "./recording-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Recording" };

export default async function RecordingPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/recordings/${id}`);
  const actor = { type: "user" as const, id: user.id, label: user.email, role: user.role, userId: user.id };
  let detail;
  try {
    detail = await getRecordingDetail(actor, id, "recording.viewed", { includePurged: true });
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
  return <RecordingView detail={detail} watchers={await getRecordingWatchers(id)} />;
}
