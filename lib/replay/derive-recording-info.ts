import { EventType, type TRrwebEvent } from "./rrweb-event";

export type TMarker = {
  kind: "navigation" | "click" | "rage-click" | "dead-click" | "console-error" | "network-error";
  /** Milliseconds since the recording's first event. */
  offsetMs: number;
  timestamp: number;
  label: string;
};

export type TDerivedInfo = {
  firstTs: number | null;
  markers: TMarker[];
  pages: string[];
  viewport: string | null;
};

export function stripQuery(href: string): string {
  try {
    const url = new URL(href);
    return `${url.origin}${url.pathname}`;
  } catch {
    return href.split(/[?#]/)[0] ?? "";
  }
}

/**
 * Folds a new batch into what is known about the recording. Runs once per stored batch, so the
 * console never recomputes it on view. The replay issue extends it with click, rage-click,
 * dead-click, console and network markers.
 */
export function deriveRecordingInfo(prev: TDerivedInfo, events: TRrwebEvent[]): TDerivedInfo {
  const next: TDerivedInfo = { ...prev, markers: [...prev.markers], pages: [...prev.pages] };
  for (const event of events) {
    if (next.firstTs === null || event.timestamp < next.firstTs) next.firstTs = event.timestamp;
    if (event.type === EventType.Meta) {
      const { href, width, height } = (event.data ?? {}) as { href?: string; width?: number; height?: number };
      if (typeof width === "number" && typeof height === "number") next.viewport = `${width}x${height}`;
      if (typeof href === "string") {
        const page = stripQuery(href);
        if (next.pages[next.pages.length - 1] !== page) {
          next.pages.push(page);
          next.markers.push({ kind: "navigation", offsetMs: 0, timestamp: event.timestamp, label: page });
        }
      }
    }
  }
  const first = next.firstTs ?? 0;
  next.markers = next.markers
    .map((m) => ({ ...m, offsetMs: Math.max(0, m.timestamp - first) }))
    .sort((a, b) => a.timestamp - b.timestamp);
  return next;
}
