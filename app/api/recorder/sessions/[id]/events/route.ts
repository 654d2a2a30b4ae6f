import { recorderPreflight, uploadTokenOrigins, withRecorderCors } from "@/lib/api/with-recorder-cors";
import { withErrors } from "@/lib/api/with-errors";
import { bearerToken } from "@/lib/http/bearer-token";
import { parseSeqHeader } from "@/lib/http/parse-seq-header";
import { readBatchBody } from "@/lib/http/read-batch-body";
import { ingestBatch } from "@/lib/ingest/ingest-batch";
import { authorizeUpload } from "@/lib/recorder-sessions/authorize-upload";
import { RecorderHeader } from "@/lib/recorder-sessions/contract";
import { anySiteOrigins } from "@/lib/recorder-sessions/recorder-origins";

// POST /api/recorder/sessions/:id/events – store one batch of rrweb events at X-Glimpse-Seq
export const POST = withErrors(withRecorderCors<{ id: string }>(uploadTokenOrigins, async ({ req, params }) => {
  const recording = await authorizeUpload({ recordingId: params.id, uploadToken: bearerToken(req.headers.get("authorization")) });
  const seq = parseSeqHeader(req.headers.get(RecorderHeader.Seq));
  const body = await readBatchBody(req);
  return Response.json(await ingestBatch({ recording, seq, body }));
}));

// The same answer for every id, so that a preflight cannot tell which recordings exist.
export const OPTIONS = recorderPreflight(anySiteOrigins);
