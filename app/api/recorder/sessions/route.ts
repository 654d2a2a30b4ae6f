import { parseJson } from "@/lib/api/handler";
import { recorderPreflight, recorderRoute } from "@/lib/recorder-sessions/recorder-route";
import { anySiteOrigins } from "@/lib/recorder-sessions/recorder-origins";
import { startSession, ZStartSessionSchema } from "@/lib/recorder-sessions/start-session";

// POST /api/recorder/sessions – exchange a one-time grant for a recording and its upload token
export const POST = recorderRoute(async ({ req, assertOrigin }) => {
  // Checked against every site first, so that a recorder can read why an unknown grant failed.
  assertOrigin(await anySiteOrigins());
  const { grant } = await parseJson(req, ZStartSessionSchema);
  const session = await startSession(grant, { assertOrigin, userAgent: req.headers.get("user-agent") });
  return Response.json(session, { status: 201, headers: { "Cache-Control": "no-store" } });
});

export const OPTIONS = recorderPreflight(() => anySiteOrigins());
