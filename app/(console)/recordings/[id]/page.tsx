import type { Metadata } from "next";
import { requireUser } from "@/lib/auth";
import { orNotFound } from "@/lib/or-not-found";
import { getRecordingDetail } from "@/lib/recordings/get-recording-detail";
import { getRecordingWatchers } from "@/lib/recordings/get-recording-watchers";
import { formatMoment, parseMoment } from "@/lib/recordings/moment";
import { RecordingView } from "./recording-view";

export const metadata: Metadata = { title: "Recording" };

type TProps = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function RecordingPage({ params, searchParams }: TProps) {
  const { id } = await params;
  const { t } = await searchParams;
  const moment = typeof t === "string" ? parseMoment(t) : null;
  // A link to a moment still opens at it after signing in.
  const user = await requireUser(`/recordings/${id}${moment === null ? "" : `?t=${formatMoment(moment)}`}`);
  const actor = { type: "user" as const, id: user.id, label: user.email, role: user.role, userId: user.id };
  const detail = await orNotFound(getRecordingDetail({ actor, recordingId: id, audit: "recording.viewed", includePurged: true }));
  return <RecordingView detail={detail} watchers={await getRecordingWatchers(id)} moment={moment} />;
}
