import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { corsHeaders } from "../api/with-recorder-cors";
import { toErrorResponse } from "../errors";
import { readBatchBody } from "../http/read-batch-body";
import { SECURITY_HEADERS } from "../http/security-headers";
import { RecorderHeader } from "../recorder-sessions/contract";
import { receiveUpload } from "./receive-upload";

const UPLOAD_PATH = /^\/api\/recorder\/sessions\/([A-Za-z0-9_-]{1,100})\/events(?:\?.*)?$/;

/** The recording id when this is a recorder upload; anything else (a preflight, a path Next would redirect or refuse) is Next's. */
export function uploadRecordingId(req: IncomingMessage): string | null {
  return req.method === "POST" ? (UPLOAD_PATH.exec(req.url ?? "")?.[1] ?? null) : null;
}

const header = (req: IncomingMessage, name: string) => {
  const value = req.headers[name];
  return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
};

/** The recorder's upload on node:http, without Next's pipeline: the same receiveUpload, headers and error bodies as the route. */
export async function handleUploadRequest(req: IncomingMessage, res: ServerResponse, recordingId: string): Promise<void> {
  const headers: Record<string, string> = { ...SECURITY_HEADERS };
  let status = 200;
  let body: unknown;
  try {
    const upload = { recordingId, origin: header(req, "origin"), authorization: header(req, "authorization"), seq: header(req, RecorderHeader.Seq), readBody: () => readBatchBody(req) };
    body = await receiveUpload(upload, (origin) => Object.assign(headers, corsHeaders(origin)));
  } catch (error) {
    const answer = toErrorResponse(error);
    status = answer.status;
    body = await answer.json();
    answer.headers.forEach((value, name) => {
      if (name !== "content-type") headers[name] = value;
    });
  }
  // A body left unread (refused before or during reading): the rest is read and dropped, so a client still writing
  // gets this answer rather than a reset, for a few seconds at most before the connection is cut.
  if (!req.complete) {
    const timer = setTimeout(() => req.destroy(), DRAIN_MS).unref();
    req.once("close", () => clearTimeout(timer));
    req.resume();
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

const DRAIN_MS = 5_000;
