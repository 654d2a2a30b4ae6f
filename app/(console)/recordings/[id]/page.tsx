import type { Metadata } from "next";
import { requireUser } from "@/lib/auth";
import { orNotFound } from "@/lib/or-not-found";
import { getRecordingDetail } from "@/lib/recordings/get-recording-detail";
import { getRecordingWatchers } from "@/lib/recordings/get-recording-watchers";
import { RecordingView } from "./recording-view";

export const metadata: Metadata = { title: "Recording" };

export default async function RecordingPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/recordings/${id}`);
  const actor = { type: "user" as const, id: user.id, label: user.email, role: user.role, userId: user.id };
  const detail = await orNotFound(getRecordingDetail({ actor, recordingId: id, audit: "recording.viewed", includePurged: true }));
  return <RecordingView detail={detail} watchers={await getRecordingWatchers(id)} />;
}
