import "server-only";
import { AppError } from "../errors";
import { readBody } from "./read-body";

export const MAX_COMPRESSED_BYTES = 1024 * 1024;
export const MAX_DECOMPRESSED_BYTES = 10 * 1024 * 1024;

/** The body of an upload as text: at most 1 MB as sent and 10 MB once gunzipped. */
export async function readBatchBody(req: Request): Promise<string> {
  const type = req.headers.get("content-type") ?? "";
  if (type && !/^application\/json\b/i.test(type)) {
    throw new AppError("unsupported_media_type", "Send the batch as application/json.");
  }
  const raw = await readBody(req, { maxBytes: MAX_COMPRESSED_BYTES, gzip: true, maxInflatedBytes: MAX_DECOMPRESSED_BYTES });
  return raw.toString("utf8");
}
