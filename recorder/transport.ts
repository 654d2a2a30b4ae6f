import { RecorderHeader, type TBatchAck } from "../lib/recorder-sessions/contract";
import type { TBatch, TSession } from "./session";

/** Taken before the network capture wraps fetch, so the recorder never reports its own uploads. */
export const nativeFetch: typeof fetch = window.fetch.bind(window);

// keepalive requests share a 64 KB budget per page.
export const KEEPALIVE_LIMIT = 60_000;

export type TOutcome = "ok" | "retry" | "ended" | "rejected";

// Full jitter, capped so that a restarted server is found again quickly.
export function backoffMs(attempt: number, random = Math.random) {
  return Math.round(Math.min(10_000, 500 * 2 ** attempt) * (0.5 + random()));
}

export function outcomeOf(status: number): TOutcome {
  if (status >= 200 && status < 300) return "ok";
  if (status === 401 || status === 403 || status === 404 || status === 410) return "ended";
  if (status === 408 || status === 425 || status === 429 || status >= 500 || status === 0) return "retry";
  return "rejected";
}

// Self-contained: the worker runs its source text.
const gzipHere = async (text: string) => new Uint8Array(await new Response(new Response(text).body!.pipeThrough(new CompressionStream("gzip"))).arrayBuffer());

// Compressing costs the page's main thread about 15 ms a megabyte: a worker does it, unless the page's policy forbids one (then here).
let worker: Worker | null | undefined;
const waiting = new Map<number, (bytes: Uint8Array | null) => void>();
let nextJob = 0;
const WORKER_WAIT_MS = 5_000;

function compressor(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    const url = URL.createObjectURL(new Blob([`const z=${gzipHere};onmessage=async({data:[i,t]})=>{let b=null;try{b=await z(t)}catch{}postMessage([i,b],b?[b.buffer]:[])}`]));
    worker = new Worker(url);
    URL.revokeObjectURL(url);
    worker.onmessage = ({ data: [job, bytes] }: MessageEvent<[number, Uint8Array | null]>) => {
      waiting.get(job)?.(bytes);
      waiting.delete(job);
    };
    worker.onerror = () => {
      worker = null;
      for (const done of waiting.values()) done(null);
      waiting.clear();
    };
  } catch {
    worker = null;
  }
  return worker;
}

export async function gzip(text: string): Promise<Uint8Array> {
  const w = compressor();
  const job = nextJob++;
  const bytes =
    w &&
    (await new Promise<Uint8Array | null>((resolve) => {
      waiting.set(job, resolve);
      w.postMessage([job, text]);
      // A worker that never answers (stopped by the page, say) must not hold uploads: compressed here instead.
      setTimeout(() => waiting.delete(job) && resolve(null), WORKER_WAIT_MS);
    }));
  return bytes ?? gzipHere(text);
}

export function sessionUrl(session: TSession, action: "events" | "finish" | "withdraw") {
  return `${session.apiBase}/api/recorder/sessions/${encodeURIComponent(session.recordingId)}/${action}`;
}

export const REQUEST_TIMEOUT_MS = 30_000;

// null for a network failure or a timeout: a hung connection would hold the queue's head for ever.
export async function post(
  url: string,
  token: string,
  body: BodyInit | null,
  headers: Record<string, string> = {},
  opts: { keepalive?: boolean; signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<Response | null> {
  const abort = new AbortController();
  if (opts.signal?.aborted) abort.abort();
  opts.signal?.addEventListener("abort", () => abort.abort());
  // Not cleared once headers arrive: the caller may still be reading the body, which can hang too.
  setTimeout(() => abort.abort(), opts.timeoutMs ?? REQUEST_TIMEOUT_MS);
  try {
    return await nativeFetch(url, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, ...headers },
      body,
      credentials: "omit",
      mode: "cors",
      cache: "no-store",
      keepalive: opts.keepalive,
      signal: abort.signal,
    });
  } catch {
    return null;
  }
}

const batchHeaders = (seq: number): Record<string, string> => ({ "content-type": "application/json", [RecorderHeader.Seq]: String(seq) });

export async function sendBatch(
  session: TSession,
  batch: TBatch,
  opts: { signal?: AbortSignal; onIssue?: (keepaliveBytes: number) => void; timeoutMs?: number } = {},
): Promise<{ outcome: TOutcome; flushMs?: number }> {
  const headers = batchHeaders(batch.seq);
  let body: Uint8Array;
  if (typeof CompressionStream === "function") {
    body = await gzip(batch.body);
    headers["content-encoding"] = "gzip";
  } else {
    body = new TextEncoder().encode(batch.body);
  }
  const keepalive = body.byteLength < KEEPALIVE_LIMIT;
  opts.onIssue?.(keepalive ? body.byteLength : 0);
  const res = await post(sessionUrl(session, "events"), session.uploadToken, body as BodyInit, headers, {
    keepalive,
    signal: opts.signal,
    timeoutMs: opts.timeoutMs,
  });
  const outcome = outcomeOf(res?.status ?? 0);
  const answer: TBatchAck | null = outcome === "ok" ? await res!.json().catch(() => null) : null;
  return { outcome, flushMs: typeof answer?.flushMs === "number" ? answer.flushMs : undefined };
}

// pagehide leaves no time for a CompressionStream: plain JSON, keepalive, answer unread.
export function sendPlainOnUnload(session: TSession, batch: TBatch, body: Uint8Array) {
  void post(sessionUrl(session, "events"), session.uploadToken, body as BodyInit, batchHeaders(batch.seq), { keepalive: true });
}
