import { MASK, stripQuery } from "./scrub-event";
import { CustomTag, type TPrivacyConfig } from "../lib/recorder-sessions/contract";
import { scrubPii } from "../lib/privacy/scrub-pii";
import { parseStack, scrubConsoleText } from "../lib/rrweb/console-trace";

export type TEmit = (event: { type: number; data: unknown; timestamp: number }) => void;

const MAX_CONSOLE_EVENTS = 200;
const MAX_NETWORK_EVENTS = 500;

// Old snapshots (maskText: true) were consented to under a notice that promised errors without their content.
function describe(value: unknown, mask: boolean): string {
  if (value instanceof Error) return mask ? `${value.name}: ${MASK}` : scrubConsoleText(`${value.name}: ${value.message}`);
  if (mask) return MASK;
  let text: string;
  try {
    text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return scrubConsoleText(text);
}

// Chrome's stack starts with the message, which is no frame and may look like one.
function traceOf(error: Error): string[] {
  const stack = String(error.stack ?? "");
  const head = `${error.name}: ${error.message}`;
  return parseStack(stack.startsWith(head) ? stack.slice(head.length) : stack);
}

// rrweb's console plugin would record every level, unscrubbed.
export function captureConsole(privacy: TPrivacyConfig, emit: TEmit, isActive: () => boolean) {
  let count = 0;
  const mask = privacy.console.maskText;
  const log = (level: string, args: unknown[], trace: () => string[]) => {
    if (!isActive() || count++ >= MAX_CONSOLE_EVENTS) return;
    try {
      const payload = args.map((a) => describe(a, mask));
      emit({ type: 6, timestamp: Date.now(), data: { plugin: "rrweb/console@1", payload: { level, payload, trace: mask ? [] : trace() } } });
    } catch {
      // A value whose toString throws must not break the page's own console call.
    }
  };
  const errorIn = (args: unknown[]) => args.find((a): a is Error => a instanceof Error);
  for (const level of privacy.console.levels) {
    const original = console[level];
    console[level] = function (this: Console, ...args: unknown[]) {
      const error = errorIn(args);
      const site = error ? null : new Error();
      // The call site's first frame is this wrapper.
      log(level, args, () => (error ? traceOf(error) : parseStack(site!.stack, 1)));
      return original.apply(this, args);
    };
  }
  if (privacy.console.levels.includes("error")) {
    window.addEventListener("error", (e) =>
      log("error", ["Uncaught", e.error ?? e.message], () =>
        e.error instanceof Error ? traceOf(e.error) : e.filename ? parseStack(`${e.filename}:${e.lineno}:${e.colno}`) : [],
      ),
    );
    window.addEventListener("unhandledrejection", (e) =>
      log("error", ["Unhandled rejection", e.reason], () => (e.reason instanceof Error ? traceOf(e.reason) : [])),
    );
  }
}

/** Failed (status 0 or >= 400) and slow requests: method, address without query and scrubbed, status, timing. */
export function captureNetwork(privacy: TPrivacyConfig, emit: TEmit, isActive: () => boolean, ownPrefix: string) {
  let count = 0;
  const report = (method: string, rawUrl: string, status: number, start: number) => {
    if (!isActive() || count >= MAX_NETWORK_EVENTS) return;
    const url = stripQuery(new URL(rawUrl, location.href).href);
    if (url.startsWith(ownPrefix)) return;
    const durationMs = Math.round(performance.now() - start);
    const failed = status === 0 || status >= 400;
    if (!failed && durationMs < privacy.network.slowMs) return;
    count++;
    emit({ type: 5, timestamp: Date.now(), data: { tag: CustomTag.Network, payload: { method, url: scrubPii(url), status, durationMs, failed } } });
  };

  const originalFetch = window.fetch;
  window.fetch = function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
    const start = performance.now();
    const isRequest = typeof Request !== "undefined" && input instanceof Request;
    const method = String(init?.method ?? (isRequest ? input.method : "GET")).toUpperCase();
    const url = isRequest ? input.url : String(input);
    return originalFetch.call(this, input, init).then(
      (res) => {
        report(method, url, res.status, start);
        return res;
      },
      (err: unknown) => {
        report(method, url, 0, start);
        throw err;
      },
    );
  } as typeof fetch;

  const proto = XMLHttpRequest.prototype;
  const open = proto.open;
  const send = proto.send;
  const requests = new WeakMap<XMLHttpRequest, [string, string]>();
  proto.open = function (this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
    requests.set(this, [String(method).toUpperCase(), String(url)]);
    return (open as (...a: unknown[]) => void).call(this, method, url, ...rest);
  } as typeof proto.open;
  proto.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    const info = requests.get(this);
    if (info) {
      const start = performance.now();
      this.addEventListener("loadend", () => report(info[0], info[1], this.status, start), { once: true });
    }
    return send.call(this, body);
  };
}
