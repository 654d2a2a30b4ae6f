import "server-only";
import type { Database, Statement } from "better-sqlite3";
import { db } from "./client";
import { commitChunkPg, readUploadRowPg, selectUpload } from "./pg-upload-rows";
import { pgPool } from "./postgres";
import { dbState } from "./sqlite";

// The recorder's upload is the one path hot enough to skip Prisma. On SQLite: two prepared
// statements on the adapter's own connection, in its turn among transactions. On PostgreSQL: one
// read and one statement on Prisma's pool (lib/db/pg-upload-rows.ts). When the row has moved on,
// the batch takes the Prisma path (lib/recordings/store-chunk.ts), which gives the answer.

export type TUploadRow = {
  id: string;
  status: string;
  privacy: string;
  wrappedKey: Buffer | null;
  uploadTokenHash: string | null;
  uploadTokenExpiresAt: Date | null;
  maxDurationMs: number;
  nextSeq: number;
  startedAt: Date;
  liveWatchedAt: Date | null;
  firstEventAt: Date | null;
  lastEventAt: Date | null;
  viewport: string | null;
  markers: string;
  pages: string;
  ingestState: string;
  ingestIndex: string | null;
  allowedOrigins: string;
};

export type TChunkWrite = {
  recordingId: string;
  seq: number;
  chunkId: string;
  ciphertext: Buffer<ArrayBuffer>;
  digest: string;
  eventCount: number;
  rawBytes: number;
  firstTs: number;
  lastTs: number;
  hasCheckpoint: boolean;
  derived: string | null;
  /** The page index sealed onto this chunk, on one in INDEX_SEAL_EVERY. */
  ingestIndex: string | null;
  createdAt: Date;
  recording: {
    firstEventAt: Date | null;
    lastEventAt: Date;
    markers: string;
    pages: string;
    ingestState: string;
    viewport: string | null;
  };
};

const SELECT_UPLOAD = selectUpload("?");

// Only the batch the row expects, on a live recording: anything else (a retry, out of order, ended, purged) changes nothing here.
const UPDATE_RECORDING = `UPDATE "Recording" SET "nextSeq" = "nextSeq" + 1, "chunkCount" = "chunkCount" + 1, "eventCount" = "eventCount" + ?,
  "storedBytes" = "storedBytes" + ?, "rawBytes" = "rawBytes" + ?, "firstEventAt" = ?, "lastEventAt" = ?, "markers" = ?, "pages" = ?,
  "ingestState" = ?, "ingestIndex" = NULL, "viewport" = ? WHERE "id" = ? AND "nextSeq" = ? AND "status" = 'live' AND "wrappedKey" IS NOT NULL`;

const INSERT_CHUNK = `INSERT INTO "Chunk" ("id", "recordingId", "seq", "ciphertext", "eventCount", "rawBytes", "firstTs", "lastTs", "hasCheckpoint",
  "digest", "createdAt", "derived", "ingestIndex") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

type TStatements = { select: Statement; update: Statement; insert: Statement };
const cache = new WeakMap<Database, TStatements>();

function statements(client: Database): TStatements {
  let s = cache.get(client);
  if (!s) {
    s = { select: client.prepare(SELECT_UPLOAD), update: client.prepare(UPDATE_RECORDING), insert: client.prepare(INSERT_CHUNK) };
    cache.set(client, s);
  }
  return s;
}

// As the adapter writes them, so Prisma reads them back alike.
const sqliteDate = (d: Date | null) => (d ? d.toISOString().replace("Z", "+00:00") : null);
const toDate = (v: unknown) => (v === null || v === undefined ? null : new Date(typeof v === "string" ? v : Number(v)));

async function connection(): Promise<Database> {
  if (!dbState.connection) await db.$connect();
  if (!dbState.connection) throw new Error("The SQLite adapter opened no connection of its own (lib/db/sqlite.ts).");
  return dbState.connection;
}

/** The recording an upload names, with its site's origins, in one read. */
export async function readUploadRow(recordingId: string): Promise<TUploadRow | null> {
  const pool = pgPool();
  if (pool) return readUploadRowPg(pool, recordingId);
  const client = await connection();
  const row = statements(client).select.get(recordingId) as Record<string, unknown> | undefined;
  if (!row) return null;
  return {
    ...(row as unknown as TUploadRow),
    nextSeq: Number(row.nextSeq),
    maxDurationMs: Number(row.maxDurationMs),
    uploadTokenExpiresAt: toDate(row.uploadTokenExpiresAt),
    startedAt: toDate(row.startedAt)!,
    liveWatchedAt: toDate(row.liveWatchedAt),
    firstEventAt: toDate(row.firstEventAt),
    lastEventAt: toDate(row.lastEventAt),
    markers: (row.markers as string) ?? "",
    pages: (row.pages as string) ?? "",
    ingestState: (row.ingestState as string) ?? "",
  };
}

/** Stores the chunk if the recording still expects it: true when stored, false when the row moved on (nothing was written). */
export async function commitChunk(w: TChunkWrite): Promise<boolean> {
  const pool = pgPool();
  if (pool) return commitChunkPg(pool, w);
  await connection();
  return new Promise<boolean>((resolve, reject) => {
    pending.push({ write: w, resolve, reject });
    if (pending.length === 1) setImmediate(flushPending);
  });
}

// Group commit: the uploads that arrive while one waits for its turn share one transaction, each in
// a savepoint of its own, so one refused write leaves the others; a failed COMMIT fails them all.
type TPending = { write: TChunkWrite; resolve: (stored: boolean) => void; reject: (error: unknown) => void };
let pending: TPending[] = [];
const MAX_GROUP = 64;

async function flushPending() {
  const group = pending.splice(0, MAX_GROUP);
  if (pending.length > 0) setImmediate(flushPending);
  const outcomes: ({ stored: boolean } | { error: unknown })[] = [];
  try {
    await dbState.exclusive!((client) => {
      const one = savepoint(client);
      for (const { write } of group) {
        try {
          outcomes.push({ stored: one(write) });
        } catch (error) {
          outcomes.push({ error });
        }
      }
    });
  } catch (error) {
    for (const p of group) p.reject(error);
    return;
  }
  group.forEach((p, i) => {
    const outcome = outcomes[i]!;
    if ("error" in outcome) p.reject(outcome.error);
    else p.resolve(outcome.stored);
  });
}

const savepoints = new WeakMap<Database, (w: TChunkWrite) => boolean>();

function savepoint(client: Database): (w: TChunkWrite) => boolean {
  let fn = savepoints.get(client);
  if (!fn) {
    // Inside the turn's transaction, better-sqlite3 runs a transaction function as a savepoint.
    fn = client.transaction((w: TChunkWrite) => writeChunk(client, w));
    savepoints.set(client, fn);
  }
  return fn;
}

function writeChunk(client: Database, w: TChunkWrite): boolean {
  const s = statements(client);
  const r = w.recording;
  const updated = s.update.run(
    w.eventCount, w.ciphertext.length, w.rawBytes, sqliteDate(r.firstEventAt), sqliteDate(r.lastEventAt),
    r.markers, r.pages, r.ingestState, r.viewport, w.recordingId, w.seq,
  );
  if (updated.changes !== 1) return false;
  s.insert.run(
    w.chunkId, w.recordingId, w.seq, w.ciphertext, w.eventCount, w.rawBytes, BigInt(w.firstTs), BigInt(w.lastTs),
    w.hasCheckpoint ? 1 : 0, w.digest, sqliteDate(w.createdAt), w.derived, w.ingestIndex,
  );
  return true;
}
