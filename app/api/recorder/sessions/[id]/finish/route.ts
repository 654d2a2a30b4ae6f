import { recorderPreflight, uploadTokenOrigins, withRecorderCors } from "@/lib/api/with-recorder-cors";
import { withErrors } from "@/lib/api/with-errors";
import { bearerToken } from "@/lib/http/bearer-token";
import { authorizeUpload } from "@/lib/recorder-sessions/authorize-upload";
import { finishRecording } from "@/lib/recorder-sessions/finish-recording";
import { anySiteOrigins } from "@/lib/recorder-sessions/recorder-origins";

// POST /api/recorder/sessions/:id/finish – the customer ends the recording; it is kept for the ticket
export const POST = withErrors(withRecorderCors<{ id: string }>(uploadTokenOrigins, async ({ req, params }) => {
  await authorizeUpload({ recordingId: params.id, uploadToken: bearerToken(req.headers.get("authorization")) });
  const { status } = await finishRecording({ recordingId: params.id, reason: "customer" });
  return Response.json({ status });
}));

// The same answer for every id, so that a preflight cannot tell which recordings exist.
export const OPTIONS = recorderPreflight(anySiteOrigins);
