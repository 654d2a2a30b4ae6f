import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { AppError } from "../errors";

export const MAX_COMPRESSED_BYTES = 1024 * 1024;
export const MAX_DECOMPRESSED_BYTES = 10 * 1024 * 1024;

const gunzipAsync = promisify(gunzip);

const tooLarge = () =>
  new AppError("payload_too_large", `A batch may be at most ${MAX_COMPRESSED_BYTES} bytes as sent.`);

/** Reads the body as it arrives and stops at the cap, so a huge upload is never held in memory. */
async function readCapped(req: Request): Promise<Buffer> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_COMPRESSED_BYTES) throw tooLarge();
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_COMPRESSED_BYTES) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    parts.push(value);
  }
  return Buffer.concat(parts);
}

/**
 * The body of an upload as text: at most 1 MB as sent and 10 MB once gunzipped. zlib stops as
 * soon as the output passes the cap, so a zip bomb costs at most 10 MB of memory.
 */
export async function readBatchBody(req: Request): Promise<string> {
  const type = req.headers.get("content-type") ?? "";
  if (type && !/^application\/json\b/i.test(type)) {
    throw new AppError("unsupported_media_type", "Send the batch as application/json.");
  }
  const encoding = (req.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (encoding !== "gzip" && encoding !== "identity") {
    throw new AppError("unsupported_media_type", "Content-Encoding must be gzip or absent.");
  }
  const raw = await readCapped(req);
  if (encoding === "identity") return raw.toString("utf8");
  try {
    const inflated = await gunzipAsync(raw, { maxOutputLength: MAX_DECOMPRESSED_BYTES });
    return inflated.toString("utf8");
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
      throw new AppError("payload_too_large", `A batch may be at most ${MAX_DECOMPRESSED_BYTES} bytes once decompressed.`);
    }
    throw new AppError("bad_request", "The body is not valid gzip.");
  }
}
