import "server-only";
import { signEvent } from "./sign-event";

export const REQUEST_TIMEOUT_MS = 10_000;
const MIN_RETRY_AFTER_MS = 1_000;
const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

/** `final`: the receiver said that trying again cannot help. */
export type TSendResult = { ok: boolean; status: number | null; error: string | null; retryAfterMs: number | null; final?: boolean };

/** Seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  if (!value) return null;
  const ms = /^\d+$/.test(value.trim()) ? Number(value.trim()) * 1000 : Date.parse(value) - now.getTime();
  return Number.isFinite(ms) ? Math.min(Math.max(ms, MIN_RETRY_AFTER_MS), MAX_RETRY_AFTER_MS) : null;
}

function networkError(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === "TimeoutError") return `no answer within ${timeoutMs / 1000} s`;
  const code = e?.cause?.code;
  if (code === "ECONNREFUSED") return "connection refused (ECONNREFUSED)";
  if (code) return `network error (${code})`;
  return `network error (${(e?.cause?.message ?? e?.message ?? "unknown").slice(0, 200)})`;
}

/** One signed POST. Redirects are not followed: a 3xx is a failure, as for any non-2xx. */
export async function sendEvent(opts: { url: string; key: Uint8Array; id: string; body: string; at: Date; timeoutMs?: number }): Promise<TSendResult> {
  const headers = {
    "content-type": "application/json",
    "user-agent": "Glimpse-Webhooks/1",
    ...signEvent({ key: opts.key, id: opts.id, body: opts.body, at: opts.at }),
  };
  const timeoutMs = opts.timeoutMs ?? REQUEST_TIMEOUT_MS;
  let res: Response;
  try {
    res = await fetch(opts.url, { method: "POST", headers, body: opts.body, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    return { ok: false, status: null, error: networkError(error, timeoutMs), retryAfterMs: null };
  }
  // The receiver's answer is not kept, only its status.
  await res.body?.cancel().catch(() => undefined);
  const ok = res.status >= 200 && res.status < 300;
  const throttled = res.status === 429 || res.status === 503;
  return {
    ok,
    status: res.status,
    error: ok ? null : `HTTP ${res.status}`,
    retryAfterMs: throttled ? parseRetryAfter(res.headers.get("retry-after"), opts.at) : null,
  };
}
