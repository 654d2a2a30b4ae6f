import "server-only";
import type { IncomingMessage } from "node:http";
import { promisify } from "node:util";
import { gunzip, gunzipSync } from "node:zlib";
import { AppError } from "../errors";

const gunzipAsync = promisify(gunzip);
const INLINE_GUNZIP_BYTES = 64 * 1024;

export type TReadBodyOptions = {
  maxBytes: number;
  /** Once gunzipped; only with `gzip`. */
  maxInflatedBytes?: number;
  gzip?: boolean;
};

const tooLarge = (limit: number, what = "as sent") =>
  new AppError("payload_too_large", `The request body may be at most ${limit} bytes ${what}.`);

/** Where a body comes from: a web Request (route handlers) or node:http's message (lib/ingest/handle-upload-request.ts). */
type TBodySource = { header(name: string): string | null; readCapped(maxBytes: number): Promise<Buffer>; discard(): Promise<void> };

// Capped while streaming, and zlib's output cap bounds a zip bomb, so a huge or endless body never sits in memory.
export async function readBody(req: Request, opts: TReadBodyOptions): Promise<Buffer> {
  return readFrom({ header: (name) => req.headers.get(name), readCapped: (max) => readCapped(req, max), discard: () => req.body?.cancel().catch(() => {}) ?? Promise.resolve() }, opts);
}

export async function readNodeBody(req: IncomingMessage, opts: TReadBodyOptions): Promise<Buffer> {
  const header = (name: string) => {
    const v = req.headers[name];
    return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
  };
  return readFrom({ header, readCapped: (max) => readNodeCapped(req, max), discard: async () => void req.pause() }, opts);
}

async function readFrom(src: TBodySource, opts: TReadBodyOptions): Promise<Buffer> {
  const encoding = (src.header("content-encoding") ?? "identity").trim().toLowerCase();
  if (encoding !== "identity" && !(opts.gzip && encoding === "gzip")) {
    throw new AppError("unsupported_media_type", opts.gzip ? "Content-Encoding must be gzip or absent." : "Send the body uncompressed.");
  }
  const declared = Number(src.header("content-length") ?? "0");
  if (declared > opts.maxBytes) {
    await src.discard();
    throw tooLarge(opts.maxBytes);
  }
  const raw = await src.readCapped(opts.maxBytes);
  if (encoding === "identity") return raw;
  const maxInflated = opts.maxInflatedBytes ?? opts.maxBytes * 10;
  try {
    // A small body (a batch is a few kilobytes gzipped) inflates in less time than the pool's stream costs the event
    // loop; a larger one, up to the cap, goes to the pool.
    if (raw.length <= INLINE_GUNZIP_BYTES) return gunzipSync(raw, { maxOutputLength: maxInflated });
    return await gunzipAsync(raw, { maxOutputLength: maxInflated });
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw tooLarge(maxInflated, "once decompressed");
    throw new AppError("bad_request", "The body is not valid gzip.");
  }
}

const cutOff = () => new AppError("bad_request", "The request body was cut off.");

// Stops reading at the cap without destroying the socket, so the 413 still reaches the client.
function readNodeCapped(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (req.destroyed) return reject(cutOff());
    const parts: Buffer[] = [];
    let total = 0;
    const finish = (error: AppError | null) => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("close", onClose);
      if (error) {
        req.pause();
        reject(error);
      } else resolve(Buffer.concat(parts));
    };
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > maxBytes) return finish(tooLarge(maxBytes));
      parts.push(chunk);
    };
    const onEnd = () => finish(null);
    const onClose = () => finish(cutOff());
    // A client that goes away mid-body is not a server error: nothing was read to act on.
    req.on("error", () => {});
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("close", onClose);
  });
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
    throw cutOff();
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
