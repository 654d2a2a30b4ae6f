import "server-only";
import pg from "pg";
import type { TChunkWrite, TUploadRow } from "./upload-rows";

// PostgreSQL's side of the recorder's hot path (lib/db/upload-rows.ts): one read, and one
// statement that stores the batch only if the recording still expects it. Both run outside any
// transaction, at READ COMMITTED, on the pool Prisma uses.
//
// Why that is safe beside the SERIALIZABLE transactions of everything else: the statement changes
// the recording's row, under its row lock, only while it is live and at this seq. A finish or a
// purge that changed the row first makes it match nothing (PostgreSQL checks the WHERE again on the
// newest row); one whose snapshot predates this batch and changes the row after it fails with a
// serialization error and runs again, seeing the chunk (lib/db/client.ts retries it).

/** The recording an upload names, with its site's origins: one query, on either engine (`?` or `$1`). */
export const selectUpload = (param: string) => `SELECT r."id", r."status", r."privacy", r."wrappedKey", r."uploadTokenHash", r."uploadTokenExpiresAt",
  r."maxDurationMs", r."nextSeq", r."startedAt", r."liveWatchedAt", r."firstEventAt", r."lastEventAt", r."viewport", r."markers", r."pages",
  r."ingestState", r."ingestIndex", s."allowedOrigins" FROM "Recording" r JOIN "Site" s ON s."id" = r."siteId" WHERE r."id" = ${param}`;
const SELECT_UPLOAD = selectUpload("$1");

// The chunk is inserted only when the row was updated; one statement, so both or neither. (A SELECT list gives
// its parameters no type of their own: each is cast to its column's.)
const STORE_CHUNK = `WITH moved AS (
  UPDATE "Recording" SET "nextSeq" = "nextSeq" + 1, "chunkCount" = "chunkCount" + 1, "eventCount" = "eventCount" + $1,
    "storedBytes" = "storedBytes" + $2, "rawBytes" = "rawBytes" + $3, "firstEventAt" = $4, "lastEventAt" = $5, "markers" = $6, "pages" = $7,
    "ingestState" = $8, "ingestIndex" = NULL, "viewport" = $9
  WHERE "id" = $10 AND "nextSeq" = $11 AND "status" = 'live' AND "wrappedKey" IS NOT NULL
  RETURNING "id")
INSERT INTO "Chunk" ("id", "recordingId", "seq", "ciphertext", "eventCount", "rawBytes", "firstTs", "lastTs", "hasCheckpoint", "digest",
  "createdAt", "derived", "ingestIndex")
SELECT $12::text, "id", $11::integer, $13::bytea, $1::integer, $3::integer, $14::bigint, $15::bigint, $16::boolean, $17::text,
  $18::timestamp(3), $19::text, $20::text FROM moved`;

// Prisma's columns are TIMESTAMP(3) without a zone, holding UTC: read and written as UTC text, whatever
// the process's time zone (node-postgres would read them as local time).
const TIMESTAMP = 1114;
const types = { getTypeParser: (oid: number, format?: string) => (oid === TIMESTAMP ? (v: string) => v : pg.types.getTypeParser(oid, format as "text")) };
const toDate = (v: string | null) => (v === null ? null : new Date(`${v.replace(" ", "T")}Z`));
const toTimestamp = (d: Date | null) => (d ? d.toISOString().slice(0, -1) : null);

export async function readUploadRowPg(pool: pg.Pool, recordingId: string): Promise<TUploadRow | null> {
  const { rows } = await pool.query({ text: SELECT_UPLOAD, values: [recordingId], types });
  const row = rows[0];
  if (!row) return null;
  return {
    ...row,
    uploadTokenExpiresAt: toDate(row.uploadTokenExpiresAt),
    startedAt: toDate(row.startedAt)!,
    liveWatchedAt: toDate(row.liveWatchedAt),
    firstEventAt: toDate(row.firstEventAt),
    lastEventAt: toDate(row.lastEventAt),
  };
}

/** True when stored, false when the row moved on (a retry, out of order, ended or purged): then nothing was written. */
export async function commitChunkPg(pool: pg.Pool, w: TChunkWrite): Promise<boolean> {
  const r = w.recording;
  const { rowCount } = await pool.query({
    text: STORE_CHUNK,
    values: [
      w.eventCount, w.ciphertext.length, w.rawBytes, toTimestamp(r.firstEventAt), toTimestamp(r.lastEventAt), r.markers, r.pages, r.ingestState,
      r.viewport, w.recordingId, w.seq, w.chunkId, w.ciphertext, String(w.firstTs), String(w.lastTs), w.hasCheckpoint, w.digest,
      toTimestamp(w.createdAt), w.derived, w.ingestIndex,
    ],
  });
  return rowCount === 1;
}
