import { EventType, type TRrwebEvent } from "./rrweb-event";

/** What the player knows about a chunk before loading it (the recording's chunk index). */
export type TChunkRef = { seq: number; firstTs: number; lastTs: number; hasCheckpoint: boolean };

/**
 * The chunks to load to show time `ts`: from the nearest checkpoint chunk at or before it up to
 * the chunk before the next checkpoint, so playback can go on from there. Null when the
 * recording has no checkpoint yet.
 */
export function segmentFor(chunks: TChunkRef[], ts: number): { fromSeq: number; toSeq: number } | null {
  const checkpoints = chunks.filter((c) => c.hasCheckpoint);
  if (checkpoints.length === 0) return null;
  const start = checkpoints.findLast((c) => c.firstTs <= ts) ?? checkpoints[0]!;
  const next = checkpoints.find((c) => c.seq > start.seq);
  const containing = chunks.findLast((c) => c.firstTs <= ts)?.seq ?? start.seq;
  const toSeq = Math.max(containing, next ? next.seq - 1 : chunks[chunks.length - 1]!.seq);
  return { fromSeq: start.seq, toSeq };
}

/** The seq of the chunk holding time `ts` (the last one starting at or before it). */
export function chunkAt(chunks: TChunkRef[], ts: number): number {
  return chunks.findLast((c) => c.firstTs <= ts)?.seq ?? chunks[0]?.seq ?? 0;
}

/**
 * Events from the last Meta before the first FullSnapshot: a replayer must start on a
 * checkpoint, and events before it would be applied to an empty document.
 */
export function trimToCheckpoint(events: TRrwebEvent[]): TRrwebEvent[] {
  const full = events.findIndex((e) => e.type === EventType.FullSnapshot);
  if (full < 0) return [];
  const meta = events.slice(0, full).findLastIndex((e) => e.type === EventType.Meta);
  return events.slice(meta < 0 ? full : meta);
}

/**
 * A seek that lands between a Meta and its FullSnapshot shows a blank frame (rrweb-notes §4), and
 * so does a paused seek to the FullSnapshot's own timestamp, because rrweb applies only events
 * strictly before the target at once. Such a target moves to just after the FullSnapshot.
 */
export function clampToSnapshot(events: TRrwebEvent[], ts: number): number {
  const meta = events.findLastIndex((e) => e.type === EventType.Meta && e.timestamp <= ts);
  if (meta < 0) return ts;
  const full = events.slice(meta).find((e) => e.type === EventType.FullSnapshot);
  return full && ts <= full.timestamp ? full.timestamp + 1 : ts;
}
