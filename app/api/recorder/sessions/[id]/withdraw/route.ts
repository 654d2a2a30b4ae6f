import { recorderPreflight, uploadTokenOrigins, withRecorderCors } from "@/lib/api/with-recorder-cors";
import { withErrors } from "@/lib/api/with-errors";
import { bearerToken } from "@/lib/http/bearer-token";
import { withdrawConsent } from "@/lib/consent/withdraw-consent";
import { authorizeUpload } from "@/lib/recorder-sessions/authorize-upload";
import { anySiteOrigins } from "@/lib/recorder-sessions/recorder-origins";

// POST /api/recorder/sessions/:id/withdraw – the customer withdraws consent: purge everything now
export const POST = withErrors(withRecorderCors<{ id: string }>(uploadTokenOrigins, async ({ req, params }) => {
  const recording = await authorizeUpload({ recordingId: params.id, uploadToken: bearerToken(req.headers.get("authorization")) });
  await withdrawConsent({ linkId: recording.linkId, via: "recorder" });
  return Response.json({ status: "purged" });
}));

// The same answer for every id, so that a preflight cannot tell which recordings exist.
export const OPTIONS = recorderPreflight(anySiteOrigins);
