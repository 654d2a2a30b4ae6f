import { ingestBatch, parseSeqHeader } from "@/lib/ingest/ingest-batch";
import { readBatchBody } from "@/lib/ingest/read-batch-body";
import { authorizeUpload } from "@/lib/recorder-sessions/authorize-upload";
import { recorderPreflight, recorderRoute } from "@/lib/recorder-sessions/recorder-route";
import { anySiteOrigins } from "@/lib/recorder-sessions/recorder-origins";

// POST /api/recorder/sessions/:id/events – store one batch of rrweb events at X-Glimpse-Seq
export const POST = recorderRoute<{ id: string }>(async ({ req, params, assertOrigin }) => {
  const recording = await authorizeUpload(req, params.id, assertOrigin);
  const seq = parseSeqHeader(req.headers.get("x-glimpse-seq"));
  const body = await readBatchBody(req);
  return Response.json(await ingestBatch(recording, seq, body));
});

// The same answer for every id, so that a preflight cannot tell which recordings exist.
export const OPTIONS = recorderPreflight(() => anySiteOrigins());
