/** What the player knows about a chunk before loading it (the recording's chunk index). */
export type TChunkRef = { seq: number; firstTs: number; lastTs: number; hasCheckpoint: boolean };

/** The chunks to show time `ts`: from the nearest checkpoint at or before it to the next one; null without any. */
export function segmentFor(chunks: TChunkRef[], ts: number): { fromSeq: number; toSeq: number } | null {
  const checkpoints = chunks.filter((c) => c.hasCheckpoint);
  if (checkpoints.length === 0) return null;
  const start = checkpoints.findLast((c) => c.firstTs <= ts) ?? checkpoints[0]!;
  const next = checkpoints.find((c) => c.seq > start.seq);
  const containing = chunks.findLast((c) => c.firstTs <= ts)?.seq ?? start.seq;
  const toSeq = Math.max(containing, next ? next.seq - 1 : chunks[chunks.length - 1]!.seq);
  return { fromSeq: start.seq, toSeq };
}

/**
 * The first request of a replay built to show `ts`: its checkpoint up to the chunk holding `ts`,
 * and no further, so the frame comes from the smallest answer; the rest streams in after it.
 */
export function firstRangeFor(chunks: TChunkRef[], ts: number): { fromSeq: number; toSeq: number } | null {
  const segment = segmentFor(chunks, ts);
  if (!segment) return null;
  return { fromSeq: segment.fromSeq, toSeq: Math.min(segment.toSeq, Math.max(segment.fromSeq, chunkAt(chunks, ts))) };
}

/** Where a replay opens: the first checkpoint, or a linked moment (clamped to the recording); null without a checkpoint. */
export function startTsFor(chunks: TChunkRef[], range: { firstTs: number; lastTs: number }, atTs?: number): number | null {
  const first = chunks.find((c) => c.hasCheckpoint);
  if (!first) return null;
  return atTs === undefined ? first.firstTs : Math.min(Math.max(atTs, range.firstTs), range.lastTs);
}

/** The seq of the chunk holding time `ts` (the last one starting at or before it). */
export function chunkAt(chunks: TChunkRef[], ts: number): number {
  return chunks.findLast((c) => c.firstTs <= ts)?.seq ?? chunks[0]?.seq ?? 0;
}

/** One URL for a range, so the page's preload and the player's request are the same request. */
export function replayEventsPath({ recordingId, viewId, fromSeq, toSeq }: { recordingId: string; viewId: number | null; fromSeq: number; toSeq: number }) {
  const query = new URLSearchParams({ fromSeq: String(fromSeq), toSeq: String(toSeq) });
  if (viewId !== null) query.set("view", String(viewId));
  return `/api/v1/recordings/${encodeURIComponent(recordingId)}/events?${query}`;
}
