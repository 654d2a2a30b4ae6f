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

/** The seq of the chunk holding time `ts` (the last one starting at or before it). */
export function chunkAt(chunks: TChunkRef[], ts: number): number {
  return chunks.findLast((c) => c.firstTs <= ts)?.seq ?? chunks[0]?.seq ?? 0;
}
