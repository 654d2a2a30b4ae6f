import { EventType, type TRrwebEvent } from "./types";

/** Events from the last Meta before the first FullSnapshot: a replayer must start on a checkpoint. */
export function trimToCheckpoint(events: TRrwebEvent[]): TRrwebEvent[] {
  const full = events.findIndex((e) => e.type === EventType.FullSnapshot);
  if (full < 0) return [];
  const meta = events.slice(0, full).findLastIndex((e) => e.type === EventType.Meta);
  return events.slice(meta < 0 ? full : meta);
}

/** Events from the last Meta before the last FullSnapshot (the smallest start a live player can use), or null. */
export function fromLatestCheckpoint(events: TRrwebEvent[]): TRrwebEvent[] | null {
  const full = events.findLastIndex((e) => e.type === EventType.FullSnapshot);
  if (full < 0) return null;
  const meta = events.slice(0, full).findLastIndex((e) => e.type === EventType.Meta);
  return meta < 0 ? null : events.slice(meta);
}

/** A seek between a Meta and its FullSnapshot, or onto it (rrweb applies events before the target), shows a blank frame. */
export function clampToSnapshot(events: TRrwebEvent[], ts: number): number {
  const meta = events.findLastIndex((e) => e.type === EventType.Meta && e.timestamp <= ts);
  if (meta < 0) return ts;
  const full = events.slice(meta).find((e) => e.type === EventType.FullSnapshot);
  return full && ts <= full.timestamp ? full.timestamp + 1 : ts;
}
