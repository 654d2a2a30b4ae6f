import "server-only";
import { bearerToken } from "../http/bearer-token";
import { parseSeqHeader } from "../http/parse-seq-header";
import { resolveUpload } from "../recorder-sessions/authorize-upload";
import type { TBatchAck } from "../recorder-sessions/contract";
import { originNotAllowed } from "../recorder-sessions/recorder-origins";
import { ingestBatch } from "./ingest-batch";

export type TUploadRequest = {
  recordingId: string;
  origin: string | null;
  authorization: string | null;
  seq: string | null;
  readBody: () => Promise<string>;
};

/**
 * POST /api/recorder/sessions/:id/events, whoever serves it (the route handler, or the lean
 * handler in front of Next). `allowOrigin` is called once the origin is allowed: every answer
 * after that, errors included, carries CORS headers so the recorder can read why it failed.
 */
export async function receiveUpload(req: TUploadRequest, allowOrigin: (origin: string) => void): Promise<TBatchAck> {
  const upload = await resolveUpload({ recordingId: req.recordingId, uploadToken: bearerToken(req.authorization) });
  if (!req.origin || !upload.origins.includes(req.origin)) throw originNotAllowed();
  allowOrigin(req.origin);
  if (upload.error) throw upload.error;
  const seq = parseSeqHeader(req.seq);
  const body = await req.readBody();
  return ingestBatch({ recording: upload.recording, row: upload.row, seq, body });
}
