// The recorder bundles this file and the server runs it again on every console event: no "server-only".
import { scrubPii } from "../privacy/scrub-pii";

/** A console event's trace: at most this many "<function> (<url>:<line>:<col>)" or "<url>:<line>:<col>", as rrweb's console plugin writes. */
export const MAX_FRAMES = 20;
/** The payload of a `rrweb/console@1` plugin event (type 6), as the recorder emits it and the server stores it. */
export type TConsolePayload = { level: string; payload: string[]; trace: string[] };
export const MAX_CONSOLE_TEXT = 1000;
const MAX_FUNCTION = 100;
const MAX_FRAME_URL = 300;
const MAX_LINE = 2000;

const LOCATION = /^(\S+):(\d+):(\d+)$/;
const LEADING_AT = /^(?:at\s+(?!\())+/;

/** Scrubbed, then cut: a cut first could split an address in two and leave both halves unrecognised. */
export function scrubConsoleText(text: string): string {
  return scrubPii(text.slice(0, 4 * MAX_CONSOLE_TEXT)).slice(0, MAX_CONSOLE_TEXT);
}

function frameUrl(url: string): string {
  const bare = (url.split(/[?#]/)[0] ?? "").replace(/^([a-z][\w+.-]*:\/\/)[^/]*@/i, "$1");
  return scrubPii(bare).slice(0, MAX_FRAME_URL);
}

/** Chrome's "at fn (url:1:2)", Firefox's "fn@url:1:2", or an entry it wrote, which it returns unchanged for the server's second pass. */
export function parseFrame(line: string): string | null {
  let text = line.trim().replace(LEADING_AT, "");
  let fn = "";
  const open = text.lastIndexOf(" (");
  const at = text.indexOf("@");
  if (open >= 0 && text.endsWith(")")) {
    fn = text.slice(0, open);
    text = text.slice(open + 2, -1);
  } else if (at >= 0 && !/[:()]/.test(text.slice(0, at))) {
    fn = text.slice(0, at);
    text = text.slice(at + 1);
  }
  const m = LOCATION.exec(text);
  if (!m) return null;
  const where = `${frameUrl(m[1]!)}:${+m[2]!}:${+m[3]!}`;
  const name = scrubPii(fn).slice(0, MAX_FUNCTION).trim().replace(LEADING_AT, "");
  return name ? `${name} (${where})` : where;
}

export function parseStack(stack: unknown, skip = 0): string[] {
  const lines = Array.isArray(stack) ? stack : typeof stack === "string" ? stack.split("\n") : [];
  const frames: string[] = [];
  for (const line of lines) {
    const frame = typeof line === "string" ? parseFrame(line.slice(0, MAX_LINE)) : null;
    if (frame) frames.push(frame);
    if (frames.length >= skip + MAX_FRAMES) break;
  }
  return frames.slice(skip);
}
