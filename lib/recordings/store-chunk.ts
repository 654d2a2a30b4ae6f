import "server-only";
import { createHmac, randomUUID } from "node:crypto";
import { brotliCompressSync, constants as zlib } from "node:zlib";
import { encrypt, safeEqual } from "../crypto";
import { withBusyRetry, writeTx, type Tx } from "../db";
import { commitChunk, readUploadRow, type TChunkWrite, type TUploadRow } from "../db/sqlite-ingest";
import { AppError } from "../errors";
import { emptyTargetIndex } from "../ingest/click-targets";
import { deriveRecordingInfo, settleDerived, type TDerivedInfo, type TDeriveState } from "../ingest/derive-recording-info";
import { announceChunk } from "../live/live-bus";
import { EventType, type TRrwebEvent } from "../rrweb/types";
import { chunkAad, unwrapRecordingKey } from "./recording-key";
import { openJson, sealJson } from "./sealed-json";

export type TStoreChunkResult = { seq: number; duplicate: boolean; nextSeq: number };

type TStoreChunk = {
  recordingId: string;
  seq: number;
  events: TRrwebEvent[];
  tx?: Tx;
  /** The row as the upload's authorization read it, to skip a second read. */
  row?: TUploadRow;
};

type TPrevRow = Pick<TUploadRow, "firstEventAt" | "lastEventAt" | "markers" | "pages" | "ingestState" | "ingestIndex" | "viewport">;

/** In order only: an earlier `seq` with the same content is an acknowledged retry; anything else is refused and changes nothing. */
export async function storeChunk({ tx, row, ...opts }: TStoreChunk): Promise<TStoreChunkResult> {
  if (tx) return storeChunkIn(tx, opts);
  const current = row ?? (await readUploadRow(opts.recordingId));
  // The expected next batch of a live recording is written in one short transaction (SQLite); every other case takes the full path below.
  if (current && current.status === "live" && current.wrappedKey && opts.seq === current.nextSeq) {
    const key = unwrapRecordingKey(opts.recordingId, current.wrappedKey);
    const plaintext = Buffer.from(JSON.stringify(opts.events));
    const write = foldBatch({ ...opts, key, plaintext, digest: digestOf(key, plaintext), prev: current });
    if (await withBusyRetry(() => commitChunk(write))) {
      write.remember();
      announceChunk(opts.recordingId, opts.seq);
      return { seq: opts.seq, duplicate: false, nextSeq: opts.seq + 1 };
    }
  }
  const stored = await writeTx((t) => storeChunkIn(t, opts), { maxWait: 20_000, timeout: 20_000 });
  // After the commit: live viewers on every instance read it now.
  if (!stored.duplicate) announceChunk(opts.recordingId, stored.seq);
  return stored;
}

// What the last stored batch left, in memory: the next batch need not decrypt it again. Only used
// while the row still holds exactly the sealed values written with it.
const MAX_OPENED = 200;
const opened = new Map<string, { sealed: string; info: TDerivedInfo }>();

function remember(recordingId: string, sealed: string, info: TDerivedInfo) {
  opened.delete(recordingId);
  opened.set(recordingId, { sealed, info });
  if (opened.size > MAX_OPENED) opened.delete(opened.keys().next().value!);
}

/** The open tail as the row holds it; an index still inside ingestState is from before the two were kept apart. */
function openPrev(recordingId: string, key: Buffer, prev: TPrevRow): TDerivedInfo {
  const state = openJson<TDeriveState | undefined>({ key, recordingId, field: "ingestState", text: prev.ingestState, fallback: undefined });
  const index = openJson<TDeriveState["index"] | undefined>({ key, recordingId, field: "ingestIndex", text: prev.ingestIndex, fallback: undefined });
  return {
    firstTs: prev.firstEventAt ? prev.firstEventAt.getTime() : null,
    markers: openJson({ key, recordingId, field: "markers", text: prev.markers, fallback: [] }),
    pages: openJson({ key, recordingId, field: "pages", text: prev.pages, fallback: [] }),
    viewport: prev.viewport,
    state: state && { ...state, index: index ?? state.index ?? emptyTargetIndex() },
  };
}

const digestOf = (key: Uint8Array, plaintext: Buffer) => createHmac("sha256", key).update(plaintext).digest("hex");

/** Everything a stored batch writes, computed from the row it follows. */
function foldBatch({ recordingId, seq, events, key, plaintext, digest, prev }: Omit<TStoreChunk, "tx" | "row"> & { key: Buffer; plaintext: Buffer; digest: string; prev: TPrevRow }): TChunkWrite & { remember: () => void } {
  // Before encryption (ciphertext does not compress); Brotli's window dedupes repeated stylesheets.
  const compressed = brotliCompressSync(plaintext, {
    params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: plaintext.length },
  });
  let firstTs = Infinity;
  let lastTs = -Infinity;
  for (const e of events) {
    if (e.timestamp < firstTs) firstTs = e.timestamp;
    if (e.timestamp > lastTs) lastTs = e.timestamp;
  }
  // Taken out: derive updates it in place, and a batch that is then not stored must not leave it behind.
  const cached = opened.get(recordingId);
  opened.delete(recordingId);
  const prevSealed = prev.ingestState + prev.markers + prev.pages + (prev.ingestIndex ?? "");
  const info: TDerivedInfo = cached && cached.sealed === prevSealed ? cached.info : openPrev(recordingId, key, prev);
  const { open, settled } = settleDerived(deriveRecordingInfo(info, events, { ownsState: true }), events);
  const hasSettled = settled.markers.length > 0 || settled.pages.length > 0;
  const { index, ...rest } = open.state!;
  const sealed = {
    markers: sealJson({ key, recordingId, field: "markers", value: open.markers }),
    pages: sealJson({ key, recordingId, field: "pages", value: open.pages }),
    ingestState: sealJson({ key, recordingId, field: "ingestState", value: rest }),
    ingestIndex: open.indexChanged || !prev.ingestIndex ? sealJson({ key, recordingId, field: "ingestIndex", value: index }) : null,
  };
  const nowSealed = sealed.ingestState + sealed.markers + sealed.pages + (sealed.ingestIndex ?? prev.ingestIndex ?? "");
  return {
    remember: () => remember(recordingId, nowSealed, { ...open, indexChanged: false }),
    recordingId,
    seq,
    chunkId: randomUUID(),
    ciphertext: encrypt(key, compressed, chunkAad(recordingId, seq)),
    digest,
    eventCount: events.length,
    rawBytes: plaintext.length,
    firstTs: Math.floor(firstTs),
    lastTs: Math.ceil(lastTs),
    hasCheckpoint: events.some((e) => e.type === EventType.FullSnapshot),
    // Page URLs and marker labels come from the recording's content: sealed with its key.
    derived: hasSettled ? sealJson({ key, recordingId, field: "derived", seq, value: settled }) : null,
    createdAt: new Date(),
    recording: {
      firstEventAt: open.firstTs !== null ? new Date(open.firstTs) : null,
      lastEventAt: new Date(Math.max(lastTs, prev.lastEventAt?.getTime() ?? 0)),
      ...sealed,
      viewport: open.viewport,
    },
  };
}

async function storeChunkIn(tx: Tx, { recordingId, seq, events }: Omit<TStoreChunk, "tx" | "row">): Promise<TStoreChunkResult> {
  const recording = await tx.recording.findUnique({
    where: { id: recordingId },
    omit: { wrappedKey: false },
  });
  if (!recording || recording.status === "purged" || !recording.wrappedKey) {
    throw new AppError("not_found", "No such recording.");
  }
  const key = unwrapRecordingKey(recordingId, Buffer.from(recording.wrappedKey));
  const plaintext = Buffer.from(JSON.stringify(events));
  const digest = digestOf(key, plaintext);

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

  const w = foldBatch({ recordingId, seq, events, key, plaintext, digest, prev: recording });
  await tx.chunk.create({
    data: {
      id: w.chunkId,
      recordingId,
      seq,
      ciphertext: w.ciphertext,
      digest,
      eventCount: w.eventCount,
      rawBytes: w.rawBytes,
      firstTs: BigInt(w.firstTs),
      lastTs: BigInt(w.lastTs),
      hasCheckpoint: w.hasCheckpoint,
      derived: w.derived,
    },
  });
  await tx.recording.update({
    where: { id: recordingId },
    data: {
      nextSeq: seq + 1,
      chunkCount: { increment: 1 },
      eventCount: { increment: w.eventCount },
      storedBytes: { increment: w.ciphertext.length },
      rawBytes: { increment: w.rawBytes },
      ...w.recording,
      ingestIndex: w.recording.ingestIndex ?? undefined,
    },
  });
  return { seq, duplicate: false, nextSeq: seq + 1 };
}
