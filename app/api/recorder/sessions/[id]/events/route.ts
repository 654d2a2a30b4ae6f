import { ingestBatch, parseSeqHeader } from "@/lib/ingest/ingest-batch";
import { readBatchBody } from "@/lib/ingest/read-batch-body";
import { authorizeUpload } from "@/lib/recorder-sessions/authorize-upload";
import { recorderPreflight, recorderRoute } from "@/lib/recorder-sessions/recorder-route";
import { recordingOrigins } from "@/lib/recorder-sessions/recorder-origins";

// POST /api/recorder/sessions/:id/events – store one batch of rrweb events at X-Glimpse-Seq
export const POST = recorderRoute<{ id: string }>(async ({ req, params, assertOrigin }) => {
  const recording = await authorizeUpload(req, params.id, assertOrigin);
  const seq = parseSeqHeader(req.headers.get("x-glimpse-seq"));
  const body = await readBatchBody(req);
  return Response.json(await ingestBatch(recording, seq, body));
});

export const OPTIONS = recorderPreflight<{ id: string }>(({ id }) => recordingOrigins(id));
