import { EventType, IncrementalSource, type TRrwebEvent } from "../replay/rrweb-event";
import type { TPrivacyConfig } from "./privacy-config";

/**
 * Defence in depth: the recorder masks in the browser, and the server masks again before
 * storing, so a tampered or buggy recorder cannot store typed text. Inputs are always masked;
 * under the strict preset text and the masked attributes are too. Idempotent, so a retried
 * batch masks to the same bytes.
 */
export const INPUT_MASK = "********";

const NODE_ELEMENT = 2;
const NODE_TEXT = 3;
const VALUE_TAGS = new Set(["input", "textarea", "select", "option"]);

type TNode = {
  type?: number;
  tagName?: string;
  attributes?: Record<string, unknown>;
  childNodes?: TNode[];
  textContent?: unknown;
  isStyle?: boolean;
};

function maskText(text: string): string {
  return text.replace(/\S/g, "*");
}

function maskInput(value: unknown): unknown {
  return typeof value === "string" && value !== "" ? INPUT_MASK : value;
}

function maskAttributes(attributes: Record<string, unknown> | undefined, names: string[], isValueTag: boolean) {
  if (!attributes || typeof attributes !== "object") return;
  for (const name of names) {
    if (typeof attributes[name] === "string") attributes[name] = maskText(attributes[name] as string);
  }
  if (isValueTag && "value" in attributes) attributes.value = maskInput(attributes.value);
}

function maskNode(node: TNode, privacy: TPrivacyConfig, parentTag: string) {
  if (!node || typeof node !== "object") return;
  if (node.type === NODE_ELEMENT) {
    const tag = typeof node.tagName === "string" ? node.tagName.toLowerCase() : "";
    maskAttributes(node.attributes, privacy.maskAttributes, VALUE_TAGS.has(tag));
    if (Array.isArray(node.childNodes)) for (const child of node.childNodes) maskNode(child, privacy, tag);
    return;
  }
  if (node.type === NODE_TEXT && privacy.maskAllText && typeof node.textContent === "string") {
    if (node.isStyle || parentTag === "style" || parentTag === "script") return;
    node.textContent = maskText(node.textContent);
  }
  if (Array.isArray(node.childNodes)) for (const child of node.childNodes) maskNode(child, privacy, parentTag);
}

function maskMutation(data: Record<string, any>, privacy: TPrivacyConfig) {
  if (Array.isArray(data.adds)) {
    for (const add of data.adds) if (add?.node) maskNode(add.node, privacy, "");
  }
  if (Array.isArray(data.attributes)) {
    // A mutation does not say which element it is on, so `value` is masked wherever it changes.
    for (const change of data.attributes) maskAttributes(change?.attributes, privacy.maskAttributes, true);
  }
  if (privacy.maskAllText && Array.isArray(data.texts)) {
    for (const change of data.texts) {
      if (change && typeof change.value === "string") change.value = maskText(change.value);
    }
  }
}

/** rrweb's console plugin levels. A level is a name from this list or the event is dropped. */
const CONSOLE_LEVELS = new Set([
  "assert", "clear", "count", "countReset", "debug", "dir", "dirxml", "error", "group", "groupCollapsed", "groupEnd",
  "info", "log", "table", "time", "timeEnd", "timeLog", "trace", "warn",
]);
/** The recorder cuts each console argument at 1000 characters; the server does the same. */
const MAX_CONSOLE_TEXT = 1000;
const MAX_CONSOLE_ARGS = 50;
const MAX_URL = 2048;
const HTTP_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"]);
/** Why the recorder stopped by itself (recorder/recorder.ts `finish`); anything else reads "other". */
const STOP_REASONS = new Set(["max_duration", "mutation_limit", "storage_full", "other"]);

/** An address without its query string and fragment (also for addresses with an opaque origin, e.g. about:). */
function cleanUrl(value: string): string {
  let out = value.split(/[?#]/)[0] ?? "";
  try {
    const url = new URL(value);
    if (url.origin !== "null") out = `${url.origin}${url.pathname}`;
  } catch {
    // Not an absolute address: the cut above is all there is to do.
  }
  return out.slice(0, MAX_URL);
}

function strings(value: unknown, max: number): string[] {
  if (!Array.isArray(value)) return [];
  return value.slice(0, MAX_CONSOLE_ARGS).map((p) => (typeof p === "string" ? p.slice(0, max) : INPUT_MASK));
}

/**
 * The console plugin event, rebuilt from {level, payload, trace}. Levels outside the
 * configuration keep their place in the timeline but lose their text.
 */
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
    payload: { level, payload: strings(payload.payload, MAX_CONSOLE_TEXT), trace: strings(payload.trace, MAX_CONSOLE_TEXT) },
  };
}

/** `glimpse/network`: method, address without query, status, timing and failure only (recorder/capture.ts). */
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
    return typeof payload.href === "string" ? { tag: data.tag, payload: { href: cleanUrl(payload.href) } } : null;
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

/** rrweb's Meta event is {href, width, height}; the page address loses its query and fragment. */
function metaData(data: Record<string, any>): Record<string, unknown> | null {
  if (typeof data.href !== "string") return null;
  const out: Record<string, unknown> = { href: cleanUrl(data.href) };
  if (typeof data.width === "number" && Number.isFinite(data.width)) out.width = data.width;
  if (typeof data.height === "number" && Number.isFinite(data.height)) out.height = data.height;
  return out;
}

/**
 * Masks every event again and keeps only what the recorder can legitimately send: rrweb's page
 * events (types 0-3, masked above), Meta without its address query, the three Glimpse custom
 * events and the console plugin, each rebuilt from its known fields. Anything else (another tag,
 * another plugin, extra fields) is dropped, whatever the preset. Returns a new array; events keep
 * only {type, timestamp, data}.
 */
export function remaskEvents(events: TRrwebEvent[], privacy: TPrivacyConfig): TRrwebEvent[] {
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
        if (data?.node) maskNode(data.node, privacy, "");
        break;
      case EventType.IncrementalSnapshot:
        if (data?.source === IncrementalSource.Input) data.text = maskInput(data.text);
        else if (data?.source === IncrementalSource.Mutation) maskMutation(data, privacy);
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
