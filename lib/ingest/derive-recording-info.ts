import "server-only";
import { hashRoute } from "../rrweb/hash-route";
import { EventType, IncrementalSource, MouseInteractions, type TRrwebEvent } from "../rrweb/types";
import { clickTargetOf, emptyTargetIndex, indexTargets, type TClickTarget, type TTargetIndex } from "./click-targets";

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
  /** The node the click named, for typing that follows it. */
  targetId?: number;
  field?: true;
};

/** What the next batch needs to know of the page: its clickable elements, and where the last page load stands. */
export type TDeriveState = {
  index: TTargetIndex;
  /** The latest full snapshot and Meta: the recorder's glimpse/nav right after a snapshot means a page load. */
  snapshotTs: number | null;
  metaTs: number | null;
  /** The page shown before the latest Meta: a load that lands on it again is a reload. */
  pageBeforeMeta: string | null;
  /** The latest event time seen, and how many markers were settled before it (they count against MAX_MARKERS). */
  latestTs?: number;
  settledMarkers?: number;
};

export type TDerivedInfo = {
  firstTs: number | null;
  markers: TMarker[];
  pages: string[];
  viewport: string | null;
  state?: TDeriveState;
  /** Set by deriveRecordingInfo: whether this batch changed `state.index`. */
  indexChanged?: boolean;
};

export const INTERNAL_MARKER_FIELDS = ["pending", "lastTs", "targetId", "field"] as const;

export const RAGE_WINDOW_MS = 1000;
export const RAGE_MIN_CLICKS = 3;
export const RAGE_RADIUS_PX = 40;
export const DEAD_CLICK_WINDOW_MS = 1000;
/** Typing into what was clicked this soon after a burst of clicks means the clicks were the way in, not frustration. */
export const TYPING_AFTER_CLICKS_MS = 3000;
/** The recorder emits its glimpse/nav in the same task as a page load's first snapshot. */
export const LOAD_NAV_MS = 1000;
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

export function pageOf(href: string): string {
  return stripQuery(href) + hashRoute(href);
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
  if (d.source === IncrementalSource.MouseInteraction) return d.type === MouseInteractions.Focus;
  return d.source === IncrementalSource.Scroll || d.source === IncrementalSource.Input;
}

function settlePendingClicks(markers: TMarker[], event: TRrwebEvent) {
  const response = isPageResponse(event);
  for (const m of markers) {
    if (!m.pending) continue;
    if (event.timestamp > m.timestamp + DEAD_CLICK_WINDOW_MS) {
      delete m.pending;
      m.kind = "dead-click";
      m.label = m.label === "Click" ? "Dead click: nothing changed" : `Dead click on ${m.label}: nothing changed`;
    } else if (response && event.timestamp > m.timestamp) {
      delete m.pending;
    }
  }
}

function addNavigation(next: TDerivedInfo, page: string, timestamp: number, label = page) {
  if (next.pages[next.pages.length - 1] === page) return;
  next.pages.push(page);
  next.markers.push({ kind: "navigation", offsetMs: 0, timestamp, label });
}

const withoutRoute = (page: string) => page.split("#")[0];

function onMeta(next: TDerivedInfo, state: TDeriveState, href: string, timestamp: number) {
  state.metaTs = timestamp;
  const page = pageOf(href);
  const current = next.pages.at(-1);
  state.pageBeforeMeta = current ?? null;
  // A Meta carries no route: the same address under a route is the same page until the glimpse/nav says otherwise.
  if (current === undefined || withoutRoute(current) !== page) addNavigation(next, page, timestamp);
}

function onNav(next: TDerivedInfo, state: TDeriveState, href: string, timestamp: number) {
  const page = pageOf(href);
  const isLoad = state.snapshotTs !== null && timestamp >= state.snapshotTs && timestamp - state.snapshotTs <= LOAD_NAV_MS;
  if (!isLoad) return addNavigation(next, page, timestamp);
  state.snapshotTs = null;
  const current = next.pages.at(-1);
  const lastNav = next.markers.findLast((m) => m.kind === "navigation");
  if (current !== undefined && current !== page && withoutRoute(current) === withoutRoute(page) && lastNav && lastNav.timestamp === state.metaTs) {
    // The Meta of this load named the page without its route.
    next.pages[next.pages.length - 1] = page;
    lastNav.label = page;
  } else if (current === page && state.pageBeforeMeta === page) {
    next.markers.push({ kind: "navigation", offsetMs: 0, timestamp: state.metaTs ?? timestamp, label: `Reload ${page}` });
  } else {
    addNavigation(next, page, timestamp);
  }
}

function clickLabel(target: TClickTarget | null) {
  return target?.label ?? "Click";
}

function rageLabel(count: number, target: TClickTarget | null | undefined, label?: string) {
  const on = target?.label ?? label;
  return `Rage click (${count} clicks)${on ? ` on ${on}` : ""}`;
}

function addClick(markers: TMarker[], timestamp: number, x: number, y: number, nodeId: number | undefined, target: TClickTarget | null) {
  const targetId = target?.id ?? nodeId;
  if (target?.field) {
    const again = markers.findLast((m) => m.field && m.targetId === target.id && timestamp - (m.lastTs ?? m.timestamp) <= RAGE_WINDOW_MS);
    if (again) again.lastTs = timestamp;
    else markers.push({ kind: "click", offsetMs: 0, timestamp, x, y, label: clickLabel(target), targetId: target.id, field: true });
    return;
  }
  const recent = (m: TMarker) => timestamp - (m.lastTs ?? m.timestamp) <= RAGE_WINDOW_MS && isNear(m, x, y);
  const rage = markers.findLast((m) => m.kind === "rage-click" && recent(m));
  if (rage) {
    rage.count = (rage.count ?? RAGE_MIN_CLICKS) + 1;
    rage.lastTs = timestamp;
    if (rage.targetId !== targetId) delete rage.targetId;
    rage.label = rageLabel(rage.count, rage.targetId === undefined ? null : target);
    return;
  }
  const burst = markers.filter(
    (m) => (m.kind === "click" || m.kind === "dead-click") && !m.field && timestamp - m.timestamp <= RAGE_WINDOW_MS && isNear(m, x, y),
  );
  if (burst.length + 1 >= RAGE_MIN_CLICKS) {
    // The clicks of a burst become one rage click rather than each being listed (or called dead).
    for (const m of burst) markers.splice(markers.indexOf(m), 1);
    const first = burst[0]!;
    const same = targetId !== undefined && burst.every((m) => m.targetId === targetId);
    markers.push({
      kind: "rage-click",
      offsetMs: 0,
      timestamp: first.timestamp,
      lastTs: timestamp,
      x: first.x,
      y: first.y,
      count: burst.length + 1,
      label: rageLabel(burst.length + 1, same ? target : null),
      ...(same ? { targetId } : {}),
    });
    return;
  }
  markers.push({ kind: "click", offsetMs: 0, timestamp, x, y, label: clickLabel(target), pending: true, ...(targetId !== undefined ? { targetId } : {}) });
}

/** Clicks on something the visitor then types into were getting into it: the rage click becomes one click. */
function onTyping(markers: TMarker[], id: number, timestamp: number) {
  const rage = markers.findLast((m) => m.kind === "rage-click" && m.targetId === id && timestamp - (m.lastTs ?? m.timestamp) <= TYPING_AFTER_CLICKS_MS);
  if (!rage) return;
  const label = rage.label.replace(/^Rage click \(\d+ clicks\)(?: on )?/, "") || "Click";
  Object.assign(rage, { kind: "click", label, field: true });
  delete rage.count;
}

function consoleErrorLabel(payload: unknown[]): string {
  const text = payload.map((p) => (typeof p === "string" ? p : JSON.stringify(p))).join(" ");
  return truncate(`Console error: ${text.replace(/^"|"$/g, "")}`);
}

function freshState(): TDeriveState {
  return { index: emptyTargetIndex(), snapshotTs: null, metaTs: null, pageBeforeMeta: null };
}

/** Folds a new batch into what is known about the recording, once per stored batch rather than on every view. */
export function deriveRecordingInfo(prev: TDerivedInfo, events: TRrwebEvent[], opts: { ownsState?: boolean } = {}): TDerivedInfo {
  // The page index can hold thousands of nodes: a caller that will not reuse `prev` spares the copy.
  const state: TDeriveState = prev.state ? (opts.ownsState ? prev.state : structuredClone(prev.state)) : freshState();
  const next: TDerivedInfo = {
    ...prev,
    markers: prev.markers.map((m) => ({ ...m })),
    pages: [...prev.pages],
    state,
    indexChanged: !prev.state,
  };
  const ordered = [...events].sort((a, b) => a.timestamp - b.timestamp);
  for (const event of ordered) {
    if (next.firstTs === null || event.timestamp < next.firstTs) next.firstTs = event.timestamp;
    settlePendingClicks(next.markers, event);
    if (indexTargets(state.index, event)) next.indexChanged = true;
    const data = event.data ?? {};

    if (event.type === EventType.Meta) {
      const { href, width, height } = data as { href?: string; width?: number; height?: number };
      if (typeof width === "number" && typeof height === "number") next.viewport = `${width}x${height}`;
      if (typeof href === "string") onMeta(next, state, href, event.timestamp);
    } else if (event.type === EventType.FullSnapshot) {
      state.snapshotTs = event.timestamp;
    } else if (event.type === EventType.Custom && data.tag === "glimpse/nav") {
      if (typeof data.payload?.href === "string") onNav(next, state, data.payload.href, event.timestamp);
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
    } else if (event.type === EventType.IncrementalSnapshot && data.source === IncrementalSource.Input && typeof data.id === "number") {
      onTyping(next.markers, data.id, event.timestamp);
    } else if (
      event.type === EventType.IncrementalSnapshot &&
      data.source === IncrementalSource.MouseInteraction &&
      data.type === MouseInteractions.Click &&
      typeof data.x === "number" &&
      typeof data.y === "number"
    ) {
      const nodeId = typeof data.id === "number" ? data.id : undefined;
      addClick(next.markers, event.timestamp, data.x, data.y, nodeId, nodeId === undefined ? null : clickTargetOf(state.index, nodeId));
    }
  }
  const first = next.firstTs ?? 0;
  next.markers = next.markers
    .map((m) => ({ ...m, offsetMs: Math.max(0, m.timestamp - first) }))
    .sort((a, b) => a.timestamp - b.timestamp)
    .slice(0, MAX_MARKERS);
  return next;
}

/** Past this, no later event can change a marker: the longest look-back above is TYPING_AFTER_CLICKS_MS. */
export const SETTLE_AFTER_MS = 10_000;

/**
 * Splits what a batch leaves into what no later batch can change (stored once, with the batch) and
 * the open tail the next batch folds into, so a batch costs the same at minute 1 and minute 60.
 */
export function settleDerived(info: TDerivedInfo, events: TRrwebEvent[]): { open: TDerivedInfo; settled: { markers: TMarker[]; pages: string[] } } {
  const state = info.state!;
  let latest = state.latestTs ?? -Infinity;
  for (const e of events) if (e.timestamp > latest) latest = e.timestamp;
  state.latestTs = latest;
  const isOpen = (m: TMarker) =>
    m.pending || (m.lastTs ?? m.timestamp) >= latest - SETTLE_AFTER_MS || (m.kind === "navigation" && m.timestamp === state.metaTs);
  const open = info.markers.filter(isOpen);
  let settledMarkers = info.markers.filter((m) => !isOpen(m));
  const room = Math.max(0, MAX_MARKERS - (state.settledMarkers ?? 0));
  settledMarkers = settledMarkers.slice(0, room);
  state.settledMarkers = (state.settledMarkers ?? 0) + settledMarkers.length;
  // Only the current page can still be renamed (a load's route) or be the one a new page is compared to.
  const pages = info.pages.slice(0, -1);
  return { open: { ...info, markers: open, pages: info.pages.slice(-1) }, settled: { markers: settledMarkers, pages } };
}

/** The markers of a recording from its settled parts (in batch order) and its open tail, as the timeline shows them. */
export function assembleMarkers(settled: TMarker[][], open: TMarker[], firstTs: number | null): TMarker[] {
  const first = firstTs ?? 0;
  return [...settled.flat(), ...open]
    .map((m) => ({ ...m, offsetMs: Math.max(0, m.timestamp - first) }))
    .sort((a, b) => a.timestamp - b.timestamp)
    .slice(0, MAX_MARKERS);
}
