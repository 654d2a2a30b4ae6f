import "server-only";
import { z } from "zod";
import type { TSendResult } from "./types";

export const NOTE_TIMEOUT_MS = 10_000;
const MIN_WAIT_MS = 1_000;
const MAX_WAIT_MS = 24 * 3_600_000;
const USER_AGENT = "Glimpse-Helpdesk-Notes/1";

/** A base URL for tests and self-hosted instances: http(s), no credentials, no query; the trailing slash is dropped. */
export const ZBaseUrl = z
  .url({ protocol: /^https?$/, message: "must be an http or https URL" })
  .max(500)
  .refine((v) => {
    if (!URL.canParse(v)) return true;
    const url = new URL(v);
    return !url.username && !url.password && !url.search && !url.hash;
  }, "must not contain a user name, password, query or fragment")
  .transform((v) => v.replace(/\/+$/, ""));

export const ZSubdomain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, "letters, digits and hyphens only, as in the helpdesk's address");

export const ZSecret = z.string().trim().min(1, "required").max(2000);

export function basicAuth(user: string, password: string) {
  return `Basic ${Buffer.from(`${user}:${password}`, "utf8").toString("base64")}`;
}

export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  const v = value?.trim();
  if (!v) return null;
  const ms = /^\d+$/.test(v) ? Number(v) * 1000 : Date.parse(v) - now;
  return Number.isFinite(ms) ? clampWait(ms) : null;
}

export function resetAtMs(value: string | null, now = Date.now()): number | null {
  const v = value?.trim();
  if (!v || !/^\d{9,11}$/.test(v)) return null;
  return clampWait(Number(v) * 1000 - now);
}

const clampWait = (ms: number) => Math.min(Math.max(Math.ceil(ms), MIN_WAIT_MS), MAX_WAIT_MS);

/** Error codes come from the helpdesk's answer; only a short identifier-like value is kept, never free text. */
export function safeCode(value: unknown): string | null {
  return typeof value === "string" && /^[A-Za-z][\w.:-]{0,59}$/.test(value) ? value : null;
}

function networkError(error: unknown): string {
  const e = error as { name?: string; cause?: { code?: string } };
  if (e?.name === "TimeoutError") return `no answer within ${NOTE_TIMEOUT_MS / 1000} s`;
  const code = safeCode(e?.cause?.code);
  return code ? `network error (${code})` : "network error";
}

export type TRequest = { method: "GET" | "POST" | "PUT"; url: string; headers: Record<string, string>; body?: string };
export type TAnswer = { status: number; headers: Headers; json: unknown };

/** One request with the timeout; the answer is parsed as JSON (when at most 64 kB) only to find an error code or an id. */
export async function callApi(fetchImpl: typeof fetch, req: TRequest): Promise<TAnswer | { networkError: string }> {
  let res: Response;
  try {
    res = await fetchImpl(req.url, {
      method: req.method,
      headers: { "user-agent": USER_AGENT, accept: "application/json", ...req.headers },
      body: req.body,
      redirect: "manual",
      signal: AbortSignal.timeout(NOTE_TIMEOUT_MS),
    });
  } catch (error) {
    return { networkError: networkError(error) };
  }
  let json: unknown = null;
  try {
    const text = await res.text();
    if (text && text.length <= 65_536) json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, json };
}

export type TOutcomeRules = {
  label: string;
  code?: (json: unknown) => string | null;
  hints: Partial<Record<number, string>>;
  retryableStatuses?: number[];
  /** A throttled answer that is not a 429 (GitHub's 403 with x-ratelimit-remaining: 0). */
  throttled?: (answer: TAnswer) => boolean;
  waitMs?: (answer: TAnswer) => number | null;
};

const DEFAULT_HINTS: Record<number, string> = {
  400: "the helpdesk refused the request",
  401: "check the credentials",
  403: "the account may not add notes to this ticket",
  404: "the ticket was not found, or the account cannot see it",
  422: "the helpdesk refused the note",
};

export function networkFailure(label: string, error: string): TSendResult {
  return { ok: false, status: null, retryable: true, error: `${label} could not be reached: ${error}` };
}

export function outcome(answer: TAnswer | { networkError: string }, rules: TOutcomeRules): TSendResult {
  if ("networkError" in answer) return networkFailure(rules.label, answer.networkError);
  const { status } = answer;
  if (status >= 200 && status < 300) return { ok: true, status };
  const code = rules.code?.(answer.json) ?? null;
  const what = `${rules.label} answered ${status}${code ? ` (${code})` : ""}`;
  const throttled = status === 429 || (rules.throttled?.(answer) ?? false);
  if (throttled || status === 503 || status >= 500 || status === 408 || rules.retryableStatuses?.includes(status)) {
    const wait = rules.waitMs?.(answer) ?? retryAfterMs(answer.headers.get("retry-after"));
    const reason = throttled ? "rate limited, will retry" : "will retry";
    return { ok: false, status, retryable: true, ...(wait !== null ? { retryAfterMs: wait } : {}), error: `${what}: ${reason}` };
  }
  if (status >= 300 && status < 400) return { ok: false, status, retryable: false, error: `${what}: unexpected redirect, check the base URL` };
  const hint = rules.hints[status] ?? DEFAULT_HINTS[status] ?? "the note was not accepted";
  return { ok: false, status, retryable: false, error: `${what}: ${hint}` };
}

/** Path segments built from a ticketRef are encoded, so a ref can never reach another endpoint. */
export const seg = (value: string) => encodeURIComponent(value);

export function textToHtml(text: string): string {
  const escaped = text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
  return escaped.replace(/\r\n?|\n/g, "<br>");
}
