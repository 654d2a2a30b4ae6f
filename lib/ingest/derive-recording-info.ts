import "server-only";
import { EventType, IncrementalSource, MouseInteractions, type TRrwebEvent } from "../rrweb/types";

export type TMarkerKind = "navigation" | "click" | "rage-click" | "dead-click" | "console-error" | "network-error";

export type TMarker = {
  kind: TMarkerKind;
  offsetMs: number;
  timestamp: number;
  label: string;
  /** Pointer position, for clicks: rage clicks are told apart by place. */
  x?: number;
  y?: number;
  /** Clicks folded into a rage click. */
  count?: number;
  /** Timestamp of the latest click of a rage click, to extend it. */
  lastTs?: number;
  /** A click whose dead-click window is still open; kept on the marker as the window can span two batches. */
  pending?: true;
};

export type TDerivedInfo = {
  firstTs: number | null;
  markers: TMarker[];
  pages: string[];
  viewport: string | null;
};

export const RAGE_WINDOW_MS = 1000;
export const RAGE_MIN_CLICKS = 3;
export const RAGE_RADIUS_PX = 40;
export const DEAD_CLICK_WINDOW_MS = 1000;
/** A runaway page should not make the marker list unbounded. */
export const MAX_MARKERS = 5000;

export function stripQuery(href: string): string {
  try {
    const url = new URL(href);
    return `${url.origin}${url.pathname}`;
  } catch {
    return href.split(/[?#]/)[0] ?? "";
  }
}

function truncate(text: string, max = 140) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function isNear(m: TMarker, x: number, y: number) {
  return m.x !== undefined && m.y !== undefined && Math.hypot(m.x - x, m.y - y) <= RAGE_RADIUS_PX;
}

/** Anything the visitor could see as the page answering a click. */
function isPageResponse(event: TRrwebEvent): boolean {
  if (event.type === EventType.Meta) return true;
  if (event.type === EventType.Custom) return event.data?.tag === "glimpse/nav";
  if (event.type !== EventType.IncrementalSnapshot) return false;
  const d = event.data ?? {};
  if (d.source === IncrementalSource.Mutation) {
    return ["adds", "removes", "texts", "attributes"].some((k) => Array.isArray(d[k]) && d[k].length > 0);
  }
  return d.source === IncrementalSource.Scroll || d.source === IncrementalSource.Input;
}

function settlePendingClicks(markers: TMarker[], event: TRrwebEvent) {
  const response = isPageResponse(event);
  for (const m of markers) {
    if (!m.pending) continue;
    if (event.timestamp > m.timestamp + DEAD_CLICK_WINDOW_MS) {
      delete m.pending;
      m.kind = "dead-click";
      m.label = "Dead click: nothing changed";
    } else if (response && event.timestamp > m.timestamp) {
      delete m.pending;
    }
  }
}

function addNavigation(next: TDerivedInfo, href: string, timestamp: number) {
  const page = stripQuery(href);
  if (next.pages[next.pages.length - 1] === page) return;
  next.pages.push(page);
  next.markers.push({ kind: "navigation", offsetMs: 0, timestamp, label: page });
}

function addClick(markers: TMarker[], timestamp: number, x: number, y: number) {
  const recent = (m: TMarker) => timestamp - (m.lastTs ?? m.timestamp) <= RAGE_WINDOW_MS && isNear(m, x, y);
  const rage = markers.findLast((m) => m.kind === "rage-click" && recent(m));
  if (rage) {
    rage.count = (rage.count ?? RAGE_MIN_CLICKS) + 1;
    rage.lastTs = timestamp;
    rage.label = `Rage click (${rage.count} clicks)`;
    return;
  }
  const burst = markers.filter((m) => (m.kind === "click" || m.kind === "dead-click") && timestamp - m.timestamp <= RAGE_WINDOW_MS && isNear(m, x, y));
  if (burst.length + 1 >= RAGE_MIN_CLICKS) {
    // The clicks of a burst become one rage click rather than each being listed (or called dead).
    for (const m of burst) markers.splice(markers.indexOf(m), 1);
    const first = burst[0]!;
    markers.push({
      kind: "rage-click",
      offsetMs: 0,
      timestamp: first.timestamp,
      lastTs: timestamp,
      x: first.x,
      y: first.y,
      count: burst.length + 1,
      label: `Rage click (${burst.length + 1} clicks)`,
    });
    return;
  }
  markers.push({ kind: "click", offsetMs: 0, timestamp, x, y, label: "Click", pending: true });
}

function consoleErrorLabel(payload: unknown[]): string {
  const text = payload.map((p) => (typeof p === "string" ? p : JSON.stringify(p))).join(" ");
  return truncate(`Console error: ${text.replace(/^"|"$/g, "")}`);
}

/** Folds a new batch into what is known about the recording, once per stored batch rather than on every view. */
export function deriveRecordingInfo(prev: TDerivedInfo, events: TRrwebEvent[]): TDerivedInfo {
  const next: TDerivedInfo = {
    ...prev,
    markers: prev.markers.map((m) => ({ ...m })),
    pages: [...prev.pages],
  };
  const ordered = [...events].sort((a, b) => a.timestamp - b.timestamp);
  for (const event of ordered) {
    if (next.firstTs === null || event.timestamp < next.firstTs) next.firstTs = event.timestamp;
    settlePendingClicks(next.markers, event);
    const data = event.data ?? {};

    if (event.type === EventType.Meta) {
      const { href, width, height } = data as { href?: string; width?: number; height?: number };
      if (typeof width === "number" && typeof height === "number") next.viewport = `${width}x${height}`;
      if (typeof href === "string") addNavigation(next, href, event.timestamp);
    } else if (event.type === EventType.Custom && data.tag === "glimpse/nav") {
      if (typeof data.payload?.href === "string") addNavigation(next, data.payload.href, event.timestamp);
    } else if (event.type === EventType.Custom && data.tag === "glimpse/network") {
      const p = data.payload ?? {};
      if (p.failed) {
        const status = Number(p.status) > 0 ? String(p.status) : "failed";
        next.markers.push({
          kind: "network-error",
          offsetMs: 0,
          timestamp: event.timestamp,
          label: truncate(`${String(p.method ?? "GET")} ${stripQuery(String(p.url ?? ""))} → ${status}`),
        });
      }
    } else if (event.type === EventType.Plugin && data.plugin === "rrweb/console@1") {
      if (data.payload?.level === "error") {
        const args = Array.isArray(data.payload.payload) ? data.payload.payload : [];
        next.markers.push({ kind: "console-error", offsetMs: 0, timestamp: event.timestamp, label: consoleErrorLabel(args) });
      }
    } else if (
      event.type === EventType.IncrementalSnapshot &&
      data.source === IncrementalSource.MouseInteraction &&
      data.type === MouseInteractions.Click &&
      typeof data.x === "number" &&
      typeof data.y === "number"
    ) {
      addClick(next.markers, event.timestamp, data.x, data.y);
    }
  }
  const first = next.firstTs ?? 0;
  next.markers = next.markers
    .map((m) => ({ ...m, offsetMs: Math.max(0, m.timestamp - first) }))
    .sort((a, b) => a.timestamp - b.timestamp)
    .slice(0, MAX_MARKERS);
  return next;
}
