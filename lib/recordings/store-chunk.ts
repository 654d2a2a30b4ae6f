import "server-only";
import { randomUUID } from "node:crypto";
import { brotliDecompressSync } from "node:zlib";
import { decrypt, safeEqual } from "../crypto";
import { db, withBusyRetry, writeTx, type Tx } from "../db";
import { commitChunk, readUploadRow, type TChunkWrite, type TUploadRow } from "../db/upload-rows";
import { getMasterKey } from "../env";
import { AppError } from "../errors";
import { emptyTargetIndex, indexTargets, targetIndexFromJson, targetIndexToJson, type TTargetIndex } from "../ingest/click-targets";
import { deriveRecordingInfo, settleDerived, type TDerivedInfo, type TDeriveState } from "../ingest/derive-recording-info";
import { announceChunk } from "../live/live-bus";
import { EventType, type TRrwebEvent } from "../rrweb/types";
import { chunkAad, unwrapRecordingKey } from "./recording-key";
import { sealChunk, type TSealedChunk } from "./seal-chunk";
import { isSealed, openJson, sealJson } from "./sealed-json";

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
  if (tx) {
    const { remember: _unknownCommit, ...result } = await storeChunkIn(tx, opts);
    return result;
  }
  const current = row ?? (await readUploadRow(opts.recordingId));
  // The expected next batch of a live recording is written without Prisma (lib/db/upload-rows.ts); every other case takes the full path below.
  if (current && current.status === "live" && current.wrappedKey && opts.seq === current.nextSeq) {
    const key = openKey(opts.recordingId, current.wrappedKey);
    const plaintext = Buffer.from(JSON.stringify(opts.events));
    // Compressed and sealed on a worker while this thread folds the batch into the recording's info.
    const sealing = sealChunk(key, plaintext, chunkAad(opts.recordingId, opts.seq));
    const prior = await priorInfo(db, opts.recordingId, key, current);
    const write = foldBatch({ ...opts, key, rawBytes: plaintext.length, chunk: await sealing, prev: current, prior });
    if (await withBusyRetry(() => commitChunk(write))) {
      write.remember();
      announceChunk(opts.recordingId, opts.seq);
      return { seq: opts.seq, duplicate: false, nextSeq: opts.seq + 1 };
    }
  }
  const { remember: keep, ...stored } = await writeTx((t) => storeChunkIn(t, opts), { maxWait: 20_000, timeout: 20_000 });
  // Committed: the next batch folds into what this one left without reading it back.
  keep?.();
  // After the commit: live viewers on every instance read it now.
  if (!stored.duplicate) announceChunk(opts.recordingId, stored.seq);
  return stored;
}

// What the last stored batch left, in memory: the next batch need not decrypt it again. Only used
// while the row still holds exactly the sealed values written with it.
// Also the recording's unwrapped key, while the row holds the same wrapped key: a purge removes that, and the entry
// is never used again. An entry idle for IDLE_MS is dropped, so what a finished recording left does not stay in memory.
const MAX_OPENED = 500;
const IDLE_MS = 10 * 60_000;
type TPrior = { info: TDerivedInfo; indexSeq: number };
const opened = new Map<string, { sealed: string; at: number } & TPrior>();
const keys = new Map<string, { wrapped: Buffer; master: Buffer; key: Buffer; at: number }>();

function remember(recordingId: string, sealed: string, prior: TPrior) {
  opened.delete(recordingId);
  opened.set(recordingId, { sealed, at: Date.now(), ...prior });
  if (opened.size > MAX_OPENED) opened.delete(opened.keys().next().value!);
}

function openKey(recordingId: string, wrapped: Buffer): Buffer {
  const hit = keys.get(recordingId);
  keys.delete(recordingId);
  // Only under the master key that unwrapped it: with another one, the upload must fail as every read does.
  const master = getMasterKey();
  const key = hit && hit.master === master && hit.wrapped.equals(wrapped) ? hit.key : unwrapRecordingKey(recordingId, wrapped);
  keys.set(recordingId, { wrapped: Buffer.from(wrapped), master, key, at: Date.now() });
  if (keys.size > MAX_OPENED) keys.delete(keys.keys().next().value!);
  return key;
}

setInterval(() => {
  const before = Date.now() - IDLE_MS;
  for (const cache of [opened, keys] as Map<string, { at: number }>[]) {
    for (const [id, entry] of cache) if (entry.at < before) cache.delete(id);
  }
}, 60_000).unref();

// The page index (every clickable element and its text) is most of what a batch folds into, tens of
// kilobytes on a real page. It stays in memory, and is sealed onto one chunk in INDEX_SEAL_EVERY
// (chunks are written once; the recording's row, which every batch rewrites, would carry it each
// time). When memory does not hold it (a restart, or another instance took the previous batch), the
// chunks stored after the latest sealed copy are folded into that copy again.
export const INDEX_SEAL_EVERY = 12;
/** `legacy`: read from the row, so not yet sealed onto a chunk. */
type TSealedIndex = { seq: number; index: TTargetIndex; legacy?: true };

/** What a restart does to this process's memory of open recordings; for tests. */
export function forgetOpenTailsForTest(): void {
  opened.clear();
  keys.clear();
}

const sealedOf = (prev: TPrevRow) => prev.ingestState + prev.markers + prev.pages + (prev.ingestIndex ?? "");
type TReader = Pick<Tx, "chunk">;

/**
 * The open tail the next batch folds into: from memory when the row is as this process left it,
 * or else opened from the row. Taken out of memory in the same turn it is checked, so two uploads
 * of one recording never fold into the same object.
 */
async function priorInfo(client: TReader, recordingId: string, key: Buffer, prev: TPrevRow & { nextSeq: number }): Promise<TPrior> {
  const cached = opened.get(recordingId);
  opened.delete(recordingId);
  if (cached && cached.sealed === sealedOf(prev)) return cached;
  const state = openJson<TDeriveState | undefined>({ key, recordingId, field: "ingestState", text: prev.ingestState, fallback: undefined });
  const info: TDerivedInfo = {
    firstTs: prev.firstEventAt ? prev.firstEventAt.getTime() : null,
    markers: openJson({ key, recordingId, field: "markers", text: prev.markers, fallback: [] }),
    pages: openJson({ key, recordingId, field: "pages", text: prev.pages, fallback: [] }),
    viewport: prev.viewport,
  };
  if (!state) return { info, indexSeq: -1 };
  const at = await latestSealedIndex(client, recordingId, key, prev, state);
  const index = await foldStoredChunks(client, recordingId, key, at, prev.nextSeq);
  return { info: { ...info, state: { ...state, index } }, indexSeq: at.legacy ? -1 : at.seq };
}

async function latestSealedIndex(client: TReader, recordingId: string, key: Buffer, prev: TPrevRow & { nextSeq: number }, state: TDeriveState): Promise<TSealedIndex> {
  // Older rows: the index in the row, written by every batch that changed it, or inside ingestState before that.
  const legacy = openJson<unknown>({ key, recordingId, field: "ingestIndex", text: prev.ingestIndex, fallback: undefined }) ?? state.index;
  if (legacy) return { seq: prev.nextSeq - 1, index: targetIndexFromJson(legacy), legacy: true };
  const chunk = await client.chunk.findFirst({
    where: { recordingId, seq: { lt: prev.nextSeq }, ingestIndex: { not: null } },
    orderBy: { seq: "desc" },
    select: { seq: true, ingestIndex: true },
  });
  const index = chunk && openJson<unknown>({ key, recordingId, field: "ingestIndex", seq: chunk.seq, text: chunk.ingestIndex, fallback: undefined });
  return chunk && index ? { seq: chunk.seq, index: targetIndexFromJson(index) } : { seq: -1, index: emptyTargetIndex() };
}

/** Folds the chunks stored after the sealed index (at most INDEX_SEAL_EVERY - 1 of them) into it, as each was folded when it came. */
async function foldStoredChunks(client: TReader, recordingId: string, key: Buffer, at: TSealedIndex, nextSeq: number): Promise<TTargetIndex> {
  if (at.seq >= nextSeq - 1) return at.index;
  const chunks = await client.chunk.findMany({
    where: { recordingId, seq: { gt: at.seq, lt: nextSeq } },
    orderBy: { seq: "asc" },
    select: { seq: true, ciphertext: true },
  });
  for (const chunk of chunks) {
    const events = JSON.parse(brotliDecompressSync(decrypt(key, chunk.ciphertext, chunkAad(recordingId, chunk.seq))).toString("utf8")) as TRrwebEvent[];
    for (const event of [...events].sort((a, b) => a.timestamp - b.timestamp)) indexTargets(at.index, event);
  }
  return at.index;
}

const samePages = (a: string[], b: string[]) => a.length === b.length && a.every((page, i) => page === b[i]);

type TFold = Omit<TStoreChunk, "tx" | "row"> & { key: Buffer; rawBytes: number; chunk: TSealedChunk; prev: TPrevRow; prior: TPrior };

/** Everything a stored batch writes, computed from the row it follows. `chunk`: the batch's plaintext (`rawBytes` long), sealed. */
function foldBatch({ recordingId, seq, events, key, rawBytes, chunk, prev, prior }: TFold): TChunkWrite & { remember: () => void } {
  let firstTs = Infinity;
  let lastTs = -Infinity;
  for (const e of events) {
    if (e.timestamp < firstTs) firstTs = e.timestamp;
    if (e.timestamp > lastTs) lastTs = e.timestamp;
  }
  // `prior` was taken out of memory: derive updates it in place, and a batch that is then not stored must not leave it behind.
  const { open, settled } = settleDerived(deriveRecordingInfo(prior.info, events, { ownsState: true }), events);
  const hasSettled = settled.markers.length > 0 || settled.pages.length > 0;
  const { index, ...rest } = open.state!;
  // Sealed anew once the sealed copy is INDEX_SEAL_EVERY batches behind (changed or not, so that catching up stays as short), or when there is none.
  const sealIndex = prior.indexSeq < 0 || seq - prior.indexSeq >= INDEX_SEAL_EVERY;
  const sealed = {
    markers: sealJson({ key, recordingId, field: "markers", value: open.markers }),
    // The page list rarely changes: the sealed text it already has is kept.
    pages: isSealed(prev.pages) && samePages(open.pages, prior.info.pages) ? prev.pages : sealJson({ key, recordingId, field: "pages", value: open.pages }),
    ingestState: sealJson({ key, recordingId, field: "ingestState", value: rest }),
  };
  const nowSealed = sealed.ingestState + sealed.markers + sealed.pages;
  return {
    remember: () => remember(recordingId, nowSealed, { info: { ...open, indexChanged: false }, indexSeq: sealIndex ? seq : prior.indexSeq }),
    recordingId,
    seq,
    chunkId: randomUUID(),
    ciphertext: chunk.ciphertext,
    digest: chunk.digest,
    eventCount: events.length,
    rawBytes,
    firstTs: Math.floor(firstTs),
    lastTs: Math.ceil(lastTs),
    hasCheckpoint: events.some((e) => e.type === EventType.FullSnapshot),
    // Page URLs and marker labels come from the recording's content: sealed with its key.
    derived: hasSettled ? sealJson({ key, recordingId, field: "derived", seq, value: settled }) : null,
    ingestIndex: sealIndex ? sealJson({ key, recordingId, field: "ingestIndex", seq, value: targetIndexToJson(index) }) : null,
    createdAt: new Date(),
    recording: {
      firstEventAt: open.firstTs !== null ? new Date(open.firstTs) : null,
      lastEventAt: new Date(Math.max(lastTs, prev.lastEventAt?.getTime() ?? 0)),
      ...sealed,
      viewport: open.viewport,
    },
  };
}

async function storeChunkIn(tx: Tx, { recordingId, seq, events }: Omit<TStoreChunk, "tx" | "row">): Promise<TStoreChunkResult & { remember?: () => void }> {
  const recording = await tx.recording.findUnique({
    where: { id: recordingId },
    omit: { wrappedKey: false },
  });
  if (!recording || recording.status === "purged" || !recording.wrappedKey) {
    throw new AppError("not_found", "No such recording.");
  }
  const key = unwrapRecordingKey(recordingId, Buffer.from(recording.wrappedKey));
  const plaintext = Buffer.from(JSON.stringify(events));
  const chunk = await sealChunk(key, plaintext, chunkAad(recordingId, seq));
  const digest = chunk.digest;

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

  const prior = await priorInfo(tx, recordingId, key, recording);
  const w = foldBatch({ recordingId, seq, events, key, rawBytes: plaintext.length, chunk, prev: recording, prior });
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
      ingestIndex: w.ingestIndex,
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
      ingestIndex: null,
    },
  });
  return { seq, duplicate: false, nextSeq: seq + 1, remember: w.remember };
}
