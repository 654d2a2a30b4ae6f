import "server-only";
import { brotliDecompressSync } from "node:zlib";
import { decrypt } from "../crypto";
import { db } from "../db";
import type { TRrwebEvent } from "../rrweb/types";
import { openRecordingKey } from "./open-recording-key";
import { chunkAad } from "./recording-key";

/** The chunk index of a recording: what the player needs to page through it, without content. */
export async function listChunks(recordingId: string) {
  return db.chunk.findMany({
    where: { recordingId },
    orderBy: { seq: "asc" },
    select: { seq: true, eventCount: true, firstTs: true, lastTs: true, hasCheckpoint: true, rawBytes: true },
  });
}

/** Decrypts chunks `fromSeq`..`toSeq` in order, as the JSON text of each batch; plaintext only ever lives in memory. */
export async function* readChunkPlaintexts(
  recordingId: string,
  opts: { fromSeq?: number; toSeq?: number; key?: Buffer } = {},
): AsyncGenerator<{ seq: number; plaintext: Buffer }> {
  const key = opts.key ?? (await openRecordingKey(recordingId));
  const PAGE = 50;
  let seq = opts.fromSeq ?? 0;
  // seq is a 32-bit integer on PostgreSQL: a bigger bound is an error there, not "no bound".
  const last = opts.toSeq ?? 2 ** 31 - 1;
  while (seq <= last) {
    const chunks = await db.chunk.findMany({
      where: { recordingId, seq: { gte: seq, lte: last } },
      orderBy: { seq: "asc" },
      take: PAGE,
      select: { seq: true, ciphertext: true },
    });
    if (chunks.length === 0) return;
    for (const chunk of chunks) {
      yield { seq: chunk.seq, plaintext: brotliDecompressSync(decrypt(key, chunk.ciphertext, chunkAad(recordingId, chunk.seq))) };
    }
    seq = chunks[chunks.length - 1]!.seq + 1;
  }
}

/** The same chunks, parsed. */
export async function* readChunkEvents(
  recordingId: string,
  opts: { fromSeq?: number; toSeq?: number; key?: Buffer } = {},
): AsyncGenerator<{ seq: number; events: TRrwebEvent[] }> {
  for await (const { seq, plaintext } of readChunkPlaintexts(recordingId, opts)) {
    yield { seq, events: JSON.parse(plaintext.toString("utf8")) as TRrwebEvent[] };
  }
}

export async function readAllEvents(recordingId: string): Promise<TRrwebEvent[]> {
  const all: TRrwebEvent[] = [];
  for await (const { events } of readChunkEvents(recordingId)) all.push(...events);
  return all;
}
