import "server-only";
import { createHmac } from "node:crypto";
import { brotliCompressSync, constants as zlib } from "node:zlib";
import { encrypt, safeEqual } from "../crypto";
import { writeTx, type Tx } from "../db";
import { AppError } from "../errors";
import { announceChunk } from "../live/live-bus";
import { deriveRecordingInfo, type TDerivedInfo, type TDeriveState } from "../ingest/derive-recording-info";
import { EventType, type TRrwebEvent } from "../rrweb/types";
import { chunkAad, unwrapRecordingKey } from "./recording-key";
import { openJson, sealJson } from "./sealed-json";

export type TStoreChunkResult = { seq: number; duplicate: boolean; nextSeq: number };

type TStoreChunk = { recordingId: string; seq: number; events: TRrwebEvent[]; tx?: Tx };

/** In order only: an earlier `seq` with the same content is an acknowledged retry; anything else is refused and changes nothing. */
export async function storeChunk({ tx, ...opts }: TStoreChunk): Promise<TStoreChunkResult> {
  if (tx) return storeChunkIn(tx, opts);
  const stored = await writeTx((t) => storeChunkIn(t, opts), { maxWait: 20_000, timeout: 20_000 });
  // After the commit: live viewers on every instance read it now.
  if (!stored.duplicate) announceChunk(opts.recordingId, stored.seq);
  return stored;
}

async function storeChunkIn(tx: Tx, { recordingId, seq, events }: Omit<TStoreChunk, "tx">): Promise<TStoreChunkResult> {
  const recording = await tx.recording.findUnique({
    where: { id: recordingId },
    omit: { wrappedKey: false },
  });
  if (!recording || recording.status === "purged" || !recording.wrappedKey) {
    throw new AppError("not_found", "No such recording.");
  }
  const key = unwrapRecordingKey(recordingId, recording.wrappedKey);
  const plaintext = Buffer.from(JSON.stringify(events));
  const digest = createHmac("sha256", key).update(plaintext).digest("hex");

  if (seq < recording.nextSeq) {
    const existing = await tx.chunk.findUnique({
      where: { recordingId_seq: { recordingId, seq } },
      select: { digest: true },
    });
    if (existing && safeEqual(existing.digest, digest)) {
      return { seq, duplicate: true, nextSeq: recording.nextSeq };
    }
    throw new AppError("conflict", `Batch ${seq} was already stored with different content.`);
  }
  if (recording.status !== "live") throw new AppError("conflict", "This recording has ended.");
  if (seq > recording.nextSeq) {
    throw new AppError("conflict", `Out of order: expected batch ${recording.nextSeq}, got ${seq}.`);
  }

  // Before encryption (ciphertext does not compress); Brotli's window dedupes repeated stylesheets.
  const compressed = brotliCompressSync(plaintext, {
    params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: plaintext.length },
  });
  const ciphertext = encrypt(key, compressed, chunkAad(recordingId, seq));
  const timestamps = events.map((e) => e.timestamp);
  const hasCheckpoint = events.some((e) => e.type === EventType.FullSnapshot);
  await tx.chunk.create({
    data: {
      recordingId,
      seq,
      ciphertext,
      digest,
      eventCount: events.length,
      rawBytes: plaintext.length,
      firstTs: BigInt(Math.floor(Math.min(...timestamps))),
      lastTs: BigInt(Math.ceil(Math.max(...timestamps))),
      hasCheckpoint,
    },
  });

  const prev: TDerivedInfo = {
    firstTs: recording.firstEventAt ? recording.firstEventAt.getTime() : null,
    markers: openJson({ key, recordingId, field: "markers", text: recording.markers, fallback: [] }),
    pages: openJson({ key, recordingId, field: "pages", text: recording.pages, fallback: [] }),
    viewport: recording.viewport,
    state: openJson<TDeriveState | undefined>({ key, recordingId, field: "ingestState", text: recording.ingestState, fallback: undefined }),
  };
  const derived = deriveRecordingInfo(prev, events);
  await tx.recording.update({
    where: { id: recordingId },
    data: {
      nextSeq: seq + 1,
      chunkCount: { increment: 1 },
      eventCount: { increment: events.length },
      storedBytes: { increment: ciphertext.length },
      rawBytes: { increment: plaintext.length },
      firstEventAt: derived.firstTs !== null ? new Date(derived.firstTs) : null,
      lastEventAt: new Date(Math.max(...timestamps, recording.lastEventAt?.getTime() ?? 0)),
      // Page URLs and marker labels come from the recording's content: sealed with its key.
      markers: sealJson({ key, recordingId, field: "markers", value: derived.markers }),
      pages: sealJson({ key, recordingId, field: "pages", value: derived.pages }),
      ingestState: sealJson({ key, recordingId, field: "ingestState", value: derived.state }),
      viewport: derived.viewport,
    },
  });
  return { seq, duplicate: false, nextSeq: seq + 1 };
}
