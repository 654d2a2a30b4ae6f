import "server-only";
import { AppError } from "../errors";
import type { IncomingMessage } from "node:http";
import { readBody, readNodeBody } from "./read-body";

export const MAX_COMPRESSED_BYTES = 1024 * 1024;
export const MAX_DECOMPRESSED_BYTES = 10 * 1024 * 1024;

/** The body of an upload as text: at most 1 MB as sent and 10 MB once gunzipped. */
export async function readBatchBody(req: Request | IncomingMessage): Promise<string> {
  const web = req instanceof Request;
  const type = (web ? req.headers.get("content-type") : req.headers["content-type"]) ?? "";
  if (type && !/^application\/json\b/i.test(type)) {
    throw new AppError("unsupported_media_type", "Send the batch as application/json.");
  }
  const opts = { maxBytes: MAX_COMPRESSED_BYTES, gzip: true, maxInflatedBytes: MAX_DECOMPRESSED_BYTES };
  const raw = web ? await readBody(req, opts) : await readNodeBody(req, opts);
  return raw.toString("utf8");
}
