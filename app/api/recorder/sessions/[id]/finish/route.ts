import { authorizeUpload } from "@/lib/recorder-sessions/authorize-upload";
import { finishRecording } from "@/lib/recorder-sessions/finish-recording";
import { recorderPreflight, recorderRoute } from "@/lib/recorder-sessions/recorder-route";
import { anySiteOrigins } from "@/lib/recorder-sessions/recorder-origins";

// POST /api/recorder/sessions/:id/finish – the customer ends the recording; it is kept for the ticket
export const POST = recorderRoute<{ id: string }>(async ({ req, params, assertOrigin }) => {
  await authorizeUpload(req, params.id, assertOrigin);
  const { status } = await finishRecording({ recordingId: params.id, reason: "customer" });
  return Response.json({ status });
});

// The same answer for every id, so that a preflight cannot tell which recordings exist.
export const OPTIONS = recorderPreflight(() => anySiteOrigins());
