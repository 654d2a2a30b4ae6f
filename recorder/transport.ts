import type { TSession } from "./session";

/** Taken before the network capture wraps fetch, so the recorder never reports its own uploads. */
export const nativeFetch: typeof fetch = window.fetch.bind(window);

/** keepalive requests share a 64 KB budget per page; larger bodies go as ordinary requests. */
export const KEEPALIVE_LIMIT = 60_000;

export type TOutcome = "ok" | "retry" | "ended" | "rejected";

/** Exponential backoff with full jitter, capped so a restarted server is found again quickly. */
export function backoffMs(attempt: number, random = Math.random) {
  return Math.round(Math.min(10_000, 500 * 2 ** attempt) * (0.5 + random()));
}

export function outcomeOf(status: number): TOutcome {
  if (status >= 200 && status < 300) return "ok";
  if (status === 401 || status === 403 || status === 404 || status === 410) return "ended";
  if (status === 408 || status === 425 || status === 429 || status >= 500 || status === 0) return "retry";
  return "rejected";
}

export async function gzip(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export function sessionUrl(session: TSession, action: "events" | "finish" | "withdraw") {
  return `${session.apiBase}/api/recorder/sessions/${encodeURIComponent(session.recordingId)}/${action}`;
}

/** POSTs with the upload token; a network failure answers null. */
export async function post(
  url: string,
  token: string,
  body: BodyInit | null,
  headers: Record<string, string> = {},
  opts: { keepalive?: boolean; signal?: AbortSignal } = {},
): Promise<Response | null> {
  try {
    return await nativeFetch(url, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, ...headers },
      body,
      credentials: "omit",
      mode: "cors",
      cache: "no-store",
      keepalive: opts.keepalive,
      signal: opts.signal,
    });
  } catch {
    return null;
  }
}

/**
 * Sends one batch. During pagehide there is no time to await a CompressionStream, so that last
 * send goes as plain JSON (the server accepts both); it only goes at all if keepalive can carry it.
 */
export async function sendBatch(
  session: TSession,
  batch: { seq: number; body: string },
  opts: { unloading?: boolean; signal?: AbortSignal } = {},
): Promise<{ outcome: TOutcome; flushMs?: number }> {
  const headers: Record<string, string> = { "content-type": "application/json", "x-glimpse-seq": String(batch.seq) };
  let body: Uint8Array;
  if (!opts.unloading && typeof CompressionStream === "function") {
    body = await gzip(batch.body);
    headers["content-encoding"] = "gzip";
  } else {
    body = new TextEncoder().encode(batch.body);
    if (opts.unloading && body.byteLength >= KEEPALIVE_LIMIT) return { outcome: "retry" };
  }
  const res = await post(sessionUrl(session, "events"), session.uploadToken, body as BodyInit, headers, {
    keepalive: body.byteLength < KEEPALIVE_LIMIT,
    signal: opts.signal,
  });
  const outcome = outcomeOf(res?.status ?? 0);
  // The server asks for faster uploads while an agent follows the recording live.
  const answer = outcome === "ok" ? await res!.json().catch(() => null) : null;
  return { outcome, flushMs: typeof answer?.flushMs === "number" ? answer.flushMs : undefined };
}
