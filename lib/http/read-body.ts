import "server-only";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { AppError } from "../errors";

const gunzipAsync = promisify(gunzip);

export type TReadBodyOptions = {
  maxBytes: number;
  /** Once gunzipped; only with `gzip`. */
  maxInflatedBytes?: number;
  gzip?: boolean;
};

const tooLarge = (limit: number, what = "as sent") =>
  new AppError("payload_too_large", `The request body may be at most ${limit} bytes ${what}.`);

// Capped while streaming, and zlib's output cap bounds a zip bomb, so a huge or endless body never sits in memory.
export async function readBody(req: Request, opts: TReadBodyOptions): Promise<Buffer> {
  const encoding = (req.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (encoding !== "identity" && !(opts.gzip && encoding === "gzip")) {
    throw new AppError("unsupported_media_type", opts.gzip ? "Content-Encoding must be gzip or absent." : "Send the body uncompressed.");
  }
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > opts.maxBytes) {
    await req.body?.cancel().catch(() => {});
    throw tooLarge(opts.maxBytes);
  }
  const raw = await readCapped(req, opts.maxBytes);
  if (encoding === "identity") return raw;
  const maxInflated = opts.maxInflatedBytes ?? opts.maxBytes * 10;
  try {
    return await gunzipAsync(raw, { maxOutputLength: maxInflated });
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw tooLarge(maxInflated, "once decompressed");
    throw new AppError("bad_request", "The body is not valid gzip.");
  }
}

async function readCapped(req: Request, maxBytes: number): Promise<Buffer> {
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => {});
        throw tooLarge(maxBytes);
      }
      parts.push(value);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    // The client went away mid-body: not a server error, and nothing was read to act on.
    throw new AppError("bad_request", "The request body was cut off.");
  }
  return Buffer.concat(parts);
}

// A lone surrogate ("\ud800") is valid JSON but cannot be stored: 422 here, at the edge.
export function parseJsonText(text: string): unknown {
  let malformed = false;
  let value: unknown;
  try {
    value = JSON.parse(text, (key, v) => {
      if (!isWellFormed(key) || (typeof v === "string" && !isWellFormed(v))) malformed = true;
      return v;
    });
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON.");
  }
  if (malformed) throw new AppError("unprocessable_entity", "The body holds a string that is not valid Unicode (a lone surrogate).");
  return value;
}

const isWellFormed = (s: string) => (s as string & { isWellFormed(): boolean }).isWellFormed();

/** An urlencoded form, or {} for anything else; bad escapes decode to U+FFFD, never a lone surrogate. */
export async function readForm(req: Request, opts: { maxBytes: number }): Promise<Record<string, string>> {
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") {
    await req.body?.cancel().catch(() => {});
    return {};
  }
  const text = (await readBody(req, opts)).toString("utf8");
  return Object.fromEntries(new URLSearchParams(text));
}
