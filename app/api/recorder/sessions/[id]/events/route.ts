import { corsHeaders, recorderPreflight } from "@/lib/api/with-recorder-cors";
import { withErrors } from "@/lib/api/with-errors";
import { readBatchBody } from "@/lib/http/read-batch-body";
import { receiveUpload } from "@/lib/ingest/receive-upload";
import { RecorderHeader } from "@/lib/recorder-sessions/contract";
import { anySiteOrigins } from "@/lib/recorder-sessions/recorder-origins";

// POST /api/recorder/sessions/:id/events – store one batch of rrweb events at X-Glimpse-Seq
// (scripts/server.mjs answers it before Next does, through the same receiveUpload)
export const POST = withErrors<{ id: string }>(async ({ req, params, headers }) => {
  const upload = { recordingId: params.id, origin: req.headers.get("origin"), authorization: req.headers.get("authorization"), seq: req.headers.get(RecorderHeader.Seq), readBody: () => readBatchBody(req) };
  const ack = await receiveUpload(upload, (origin) => {
    for (const [name, value] of Object.entries(corsHeaders(origin))) headers.set(name, value);
  });
  return Response.json(ack);
});

// The same answer for every id, so that a preflight cannot tell which recordings exist.
export const OPTIONS = recorderPreflight(anySiteOrigins);
