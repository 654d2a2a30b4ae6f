import { withdrawConsent } from "@/lib/consent/withdraw-consent";
import { authorizeUpload } from "@/lib/recorder-sessions/authorize-upload";
import { recorderPreflight, recorderRoute } from "@/lib/recorder-sessions/recorder-route";
import { anySiteOrigins } from "@/lib/recorder-sessions/recorder-origins";

// POST /api/recorder/sessions/:id/withdraw – the customer withdraws consent: purge everything now
export const POST = recorderRoute<{ id: string }>(async ({ req, params, assertOrigin }) => {
  const recording = await authorizeUpload(req, params.id, assertOrigin);
  await withdrawConsent({ linkId: recording.linkId, via: "recorder" });
  return Response.json({ status: "purged" });
});

// The same answer for every id, so that a preflight cannot tell which recordings exist.
export const OPTIONS = recorderPreflight(() => anySiteOrigins());
