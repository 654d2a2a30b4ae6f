import { withActor } from "@/lib/api/with-actor";
import { withErrors } from "@/lib/api/with-errors";
import { getRecordingDetail } from "@/lib/recordings/get-recording-detail";
import { getWatchableRecording } from "@/lib/recordings/get-watchable-recording";
import { purgeRecordings } from "@/lib/recordings/purge-recordings";

// GET /api/v1/recordings/:id – metadata, privacy snapshot, timeline markers and chunk index; audited as a view
export const GET = withErrors(withActor<{ id: string }>("agent", async ({ params, actor }) => {
  // The pages visited and the markers come from the recording's content, so reading them is a view.
  const { viewId: _unused, ...detail } = await getRecordingDetail({ actor, recordingId: params.id, audit: "recording.viewed" });
  return Response.json(detail, { headers: { "cache-control": "no-store" } });
}));

// DELETE /api/v1/recordings/:id – purge now (crypto-shredding); the receipt goes to the audit log
export const DELETE = withErrors(withActor<{ id: string }>("agent", async ({ params, actor }) => {
  await getWatchableRecording({ actor, recordingId: params.id });
  // purgeRecordings also ends the link of a recording that was still live.
  await purgeRecordings({ ids: [params.id], reason: "manual", actor });
  return new Response(null, { status: 204 });
}));
