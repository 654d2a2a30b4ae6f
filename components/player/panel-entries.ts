import { EventType, type TRrwebEvent } from "@/lib/rrweb/types";

export type TConsoleEntry = { key: string; timestamp: number; level: string; message: string; frames: string[] };
export type TNetworkEntry = {
  key: string;
  timestamp: number;
  method: string;
  path: string;
  /** Origin and path, for the row's title: a path alone does not say which server answered. */
  url: string;
  status: number | null;
  durationMs: number | null;
  failed: boolean;
};
export type TPanelEntries = { console: TConsoleEntry[]; network: TNetworkEntry[] };

const MAX_FRAMES = 20;

/** rrweb's console plugin stores each argument JSON-encoded: a string argument arrives in quotes. */
function argumentText(arg: unknown): string {
  if (typeof arg !== "string") return "";
  if (arg.length >= 2 && arg.startsWith('"') && arg.endsWith('"')) {
    try {
      const value: unknown = JSON.parse(arg);
      if (typeof value === "string") return value;
    } catch {
      // Not JSON after all: shown as it was recorded.
    }
  }
  return arg;
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

const strings = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

function consoleEntry(event: TRrwebEvent, key: string): TConsoleEntry | null {
  const payload = event.data?.payload;
  if (event.data?.plugin !== "rrweb/console@1" || !payload || typeof payload.level !== "string") return null;
  return {
    key,
    timestamp: event.timestamp,
    level: payload.level,
    message: strings(payload.payload).map(argumentText).join(" "),
    frames: strings(payload.trace).filter((f): f is string => typeof f === "string").slice(0, MAX_FRAMES),
  };
}

function networkEntry(event: TRrwebEvent, key: string): TNetworkEntry | null {
  const p = event.data?.payload;
  if (event.data?.tag !== "glimpse/network" || !p || typeof p.url !== "string") return null;
  return {
    key,
    timestamp: event.timestamp,
    method: typeof p.method === "string" ? p.method : "GET",
    path: pathOf(p.url),
    url: p.url,
    status: Number.isInteger(p.status) && p.status > 0 ? p.status : null,
    durationMs: typeof p.durationMs === "number" && Number.isFinite(p.durationMs) ? Math.round(p.durationMs) : null,
    failed: p.failed === true,
  };
}

/**
 * The Console and Network rows of a stretch of events, keyed so that the same stretch fetched twice
 * (a seek reloads from a checkpoint) gives the same keys: the event's time, kind and its rank among equal events.
 */
export function panelEntries(events: TRrwebEvent[]): TPanelEntries {
  const out: TPanelEntries = { console: [], network: [] };
  const seen = new Map<string, number>();
  for (const event of events) {
    if (event.type !== EventType.Plugin && event.type !== EventType.Custom) continue;
    const base = `${event.timestamp}:${event.type}:${JSON.stringify(event.data)}`;
    const rank = seen.get(base) ?? 0;
    seen.set(base, rank + 1);
    const key = `${base}#${rank}`;
    const entry = event.type === EventType.Plugin ? consoleEntry(event, key) : networkEntry(event, key);
    if (entry && "level" in entry) out.console.push(entry);
    else if (entry) out.network.push(entry as TNetworkEntry);
  }
  return out;
}

/** Adds rows not yet known, in time order. */
export function mergePanelEntries(into: TPanelEntries, more: TPanelEntries): TPanelEntries {
  const merge = <T extends { key: string; timestamp: number }>(a: T[], b: T[]) => {
    const keys = new Set(a.map((e) => e.key));
    const fresh = b.filter((e) => !keys.has(e.key));
    return fresh.length ? [...a, ...fresh].sort((x, y) => x.timestamp - y.timestamp) : a;
  };
  return { console: merge(into.console, more.console), network: merge(into.network, more.network) };
}
