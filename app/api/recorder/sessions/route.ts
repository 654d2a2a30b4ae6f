import { parseJson } from "@/lib/api/parse-request";
import { recorderPreflight, withRecorderCors } from "@/lib/api/with-recorder-cors";
import { withErrors } from "@/lib/api/with-errors";
import { anySiteOrigins } from "@/lib/recorder-sessions/recorder-origins";
import { startSession, ZStartSessionSchema } from "@/lib/recorder-sessions/start-session";

// POST /api/recorder/sessions – exchange a one-time grant for a recording and its upload token
// Any site's origin may read why a grant failed; startSession then holds it to the grant's site.
export const POST = withErrors(withRecorderCors(anySiteOrigins, async ({ req }) => {
  const { grant } = await parseJson(req, ZStartSessionSchema);
  const session = await startSession({ grant, origin: req.headers.get("origin"), userAgent: req.headers.get("user-agent") });
  return Response.json(session, { status: 201, headers: { "Cache-Control": "no-store" } });
}));

export const OPTIONS = recorderPreflight(anySiteOrigins);
