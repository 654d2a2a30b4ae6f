import "server-only";
import { MASK, maskText, type TPrivacyConfig } from "../privacy/privacy-rules";
import { scrubPii } from "../privacy/scrub-pii";
import { MAX_CONSOLE_TEXT, parseStack, scrubConsoleText } from "../rrweb/console-trace";
import { hashRoute } from "../rrweb/hash-route";
import { EventType, IncrementalSource, type TRrwebEvent } from "../rrweb/types";
import { maskDomEvent, type TDomContext } from "./mask-dom";

// Defence in depth: the server masks again, so a tampered recorder cannot store typed text. Idempotent, so retries match.
export const INPUT_MASK = MASK;

function maskInput(value: unknown): unknown {
  return typeof value === "string" && value !== "" ? INPUT_MASK : value;
}

/** rrweb's console plugin levels: any other level drops the event. */
const CONSOLE_LEVELS = new Set([
  "assert", "clear", "count", "countReset", "debug", "dir", "dirxml", "error", "group", "groupCollapsed", "groupEnd",
  "info", "log", "table", "time", "timeEnd", "timeLog", "trace", "warn",
]);
const MAX_CONSOLE_ARGS = 50;
const MAX_URL = 2048;
const HTTP_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"]);
/** Why the recorder stopped by itself (recorder/recorder.ts `finish`); anything else reads "other". */
const STOP_REASONS = new Set(["max_duration", "mutation_limit", "storage_full", "other"]);

function cleanUrl(value: string): string {
  let out = value.split(/[?#]/)[0] ?? "";
  try {
    const url = new URL(value);
    if (url.origin !== "null") out = `${url.origin}${url.pathname}`;
  } catch {
    // Not an absolute address: the cut above is all there is to do.
  }
  return scrubPii(out.slice(0, 2 * MAX_URL)).slice(0, MAX_URL);
}

/** A hash router's route is a page too: kept like a path, without its own query. */
function navHref(href: string): string {
  return scrubPii(cleanUrl(href) + hashRoute(href)).slice(0, MAX_URL);
}

function strings(value: unknown, max: number): string[] {
  if (!Array.isArray(value)) return [];
  return value.slice(0, MAX_CONSOLE_ARGS).map((p) => (typeof p === "string" ? p.slice(0, max) : INPUT_MASK));
}

/** Levels outside the configuration keep their place in the timeline but lose their text; `maskText` is set only in snapshots from before scrubbing. */
function consoleData(data: Record<string, any>, privacy: TPrivacyConfig): Record<string, unknown> | null {
  const payload = data.payload;
  if (!payload || typeof payload !== "object" || typeof payload.level !== "string" || !CONSOLE_LEVELS.has(payload.level)) {
    return null;
  }
  const level: string = payload.level;
  if (!(privacy.console.levels as string[]).includes(level)) {
    return { plugin: data.plugin, payload: { level, payload: [], trace: [] } };
  }
  if (privacy.console.maskText) {
    return { plugin: data.plugin, payload: { level, payload: strings(payload.payload, MAX_CONSOLE_TEXT).map(maskText), trace: [] } };
  }
  return {
    plugin: data.plugin,
    payload: { level, payload: strings(payload.payload, Infinity).map(scrubConsoleText), trace: parseStack(payload.trace) },
  };
}

/** `glimpse/network`: method, address without query and scrubbed, status, timing and failure only (recorder/capture.ts). */
function networkPayload(payload: Record<string, unknown>): Record<string, unknown> | null {
  if (typeof payload.url !== "string") return null;
  const out: Record<string, unknown> = {};
  if (typeof payload.method === "string") out.method = HTTP_METHODS.has(payload.method) ? payload.method : "OTHER";
  out.url = cleanUrl(payload.url);
  if (Number.isInteger(payload.status) && (payload.status as number) >= 0 && (payload.status as number) <= 999) out.status = payload.status;
  if (typeof payload.durationMs === "number" && Number.isFinite(payload.durationMs) && payload.durationMs >= 0) {
    out.durationMs = Math.round(payload.durationMs);
  }
  if (typeof payload.failed === "boolean") out.failed = payload.failed;
  return out;
}

/** The custom events the recorder emits (recorder/recorder.ts, recorder/capture.ts), rebuilt field by field. */
function customData(data: Record<string, any>): Record<string, unknown> | null {
  const payload = data.payload;
  if (!payload || typeof payload !== "object" || Array.isArray(payload)) return null;
  if (data.tag === "glimpse/nav") {
    return typeof payload.href === "string" ? { tag: data.tag, payload: { href: navHref(payload.href) } } : null;
  }
  if (data.tag === "glimpse/network") {
    const network = networkPayload(payload);
    return network ? { tag: data.tag, payload: network } : null;
  }
  if (data.tag === "glimpse/alive") return { tag: data.tag, payload: {} };
  if (data.tag === "glimpse/stopped") {
    if (typeof payload.reason !== "string") return null;
    return { tag: data.tag, payload: { reason: STOP_REASONS.has(payload.reason) ? payload.reason : "other" } };
  }
  return null;
}

function metaData(data: Record<string, any>): Record<string, unknown> | null {
  if (typeof data.href !== "string") return null;
  const out: Record<string, unknown> = { href: cleanUrl(data.href) };
  if (typeof data.width === "number" && Number.isFinite(data.width)) out.width = data.width;
  if (typeof data.height === "number" && Number.isFinite(data.height)) out.height = data.height;
  return out;
}

/** An allowlist: each event is rebuilt from its known fields, so another tag, plugin or field is dropped whatever the preset. */
export function remaskEvents(events: TRrwebEvent[], privacy: TPrivacyConfig, dom: TDomContext = new Map()): TRrwebEvent[] {
  const kept: TRrwebEvent[] = [];
  for (const event of events) {
    const raw = event.data as unknown;
    const data = raw && typeof raw === "object" && !Array.isArray(raw) ? (raw as Record<string, any>) : null;
    let out: unknown = raw;
    let keep = true;
    switch (event.type) {
      case EventType.DomContentLoaded:
      case EventType.Load:
        break;
      case EventType.FullSnapshot:
        maskDomEvent(event, privacy, dom);
        break;
      case EventType.IncrementalSnapshot:
        if (data?.source === IncrementalSource.Input) data.text = maskInput(data.text);
        else maskDomEvent(event, privacy, dom);
        break;
      case EventType.Meta:
        out = data ? metaData(data) : null;
        keep = out !== null;
        break;
      case EventType.Custom:
        out = data ? customData(data) : null;
        keep = out !== null;
        break;
      case EventType.Plugin:
        out = data?.plugin === "rrweb/console@1" ? consoleData(data, privacy) : null;
        keep = out !== null;
        break;
      default:
        keep = false;
    }
    if (!keep) continue;
    kept.push({ type: event.type, timestamp: event.timestamp, data: out });
  }
  return kept;
}
