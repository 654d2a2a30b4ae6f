import { createHmac } from "node:crypto";
import { gzipSync } from "node:zlib";
import { encrypt, newToken, sha256Hex } from "../crypto";
import { db } from "../db";
import { chunkAad, createRecordingKey } from "../recordings/recording-key";
import { ensureDemoSite } from "../sites/ensure-demo-site";

/**
 * Test data for the purge tests: a ticket with a link and a recording whose one chunk holds
 * `marker`, encrypted the way the ingest stores it. Written straight to the tables, so the
 * tests do not depend on the recorder.
 */
export async function seedTicketWithRecording(opts: { source?: string; externalId?: string; marker?: string; startedAt?: Date; linkStatus?: string; lastUploadAt?: Date } = {}) {
  const site = await ensureDemoSite();
  const source = opts.source ?? "manual";
  const externalId = opts.externalId ?? `T-${Math.random().toString(36).slice(2, 10)}`;
  const ticket =
    (await db.ticket.findUnique({ where: { source_externalId: { source, externalId } } })) ??
    (await db.ticket.create({ data: { source, externalId } }));
  const link = await db.link.create({
    data: {
      ticketId: ticket.id,
      siteId: site.id,
      tokenHash: sha256Hex(newToken()),
      status: opts.linkStatus ?? "recording",
      startUrl: site.startUrl,
      expiresAt: new Date(Date.now() + 86_400_000),
      maxDurationMs: 20 * 60_000,
    },
  });
  const recording = await db.recording.create({
    data: {
      linkId: link.id,
      ticketId: ticket.id,
      siteId: site.id,
      privacy: "{}",
      maxDurationMs: 20 * 60_000,
      status: "live",
      uploadTokenHash: sha256Hex(newToken()),
      uploadTokenExpiresAt: new Date(Date.now() + 3_600_000),
      startedAt: opts.startedAt ?? new Date(),
    },
  });
  const { key, wrappedKey } = createRecordingKey(recording.id);
  const marker = opts.marker ?? `MARKER-${newToken()}`;
  // Incompressible filler makes the chunk span several pages, as real batches do.
  const plaintext = Buffer.from(JSON.stringify([{ type: 3, timestamp: Date.now(), data: { text: marker, filler: newToken().repeat(200) } }]));
  const ciphertext = encrypt(key, plaintext, chunkAad(recording.id, 0));
  await db.chunk.create({
    data: {
      recordingId: recording.id,
      seq: 0,
      ciphertext: new Uint8Array(ciphertext),
      digest: createHmac("sha256", key).update(plaintext).digest("hex"),
      eventCount: 1,
      rawBytes: plaintext.length,
      firstTs: BigInt(Date.now()),
      lastTs: BigInt(Date.now()),
      hasCheckpoint: false,
      createdAt: opts.lastUploadAt,
    },
  });
  await db.recording.update({
    where: { id: recording.id },
    data: { wrappedKey: new Uint8Array(wrappedKey), nextSeq: 1, chunkCount: 1, eventCount: 1, storedBytes: ciphertext.length, rawBytes: plaintext.length },
  });
  return { ticket, link, recording, marker, ciphertext };
}

export async function recordingState(recordingId: string) {
  const recording = await db.recording.findUniqueOrThrow({ where: { id: recordingId }, omit: { wrappedKey: false } });
  const chunks = await db.chunk.count({ where: { recordingId } });
  return { status: recording.status, hasKey: recording.wrappedKey !== null, chunks };
}

/** A seeded live recording (one chunk stored at seq 0) with an upload token the test knows. */
export async function seedUploadableRecording(opts: { marker?: string } = {}) {
  const seeded = await seedTicketWithRecording(opts);
  const uploadToken = newToken("up_");
  await db.recording.update({ where: { id: seeded.recording.id }, data: { uploadTokenHash: sha256Hex(uploadToken) } });
  const site = await db.site.findUniqueOrThrow({ where: { id: seeded.recording.siteId } });
  const origin = (JSON.parse(site.allowedOrigins) as string[])[0]!;
  return { ...seeded, uploadToken, origin };
}

/** The request a recorder sends for one batch: gzip JSON at X-Glimpse-Seq. */
export function uploadRequest(rec: { recording: { id: string }; uploadToken: string; origin: string }, seq: number, events: unknown[]) {
  return new Request(`http://glimpse.test/api/recorder/sessions/${rec.recording.id}/events`, {
    method: "POST",
    headers: {
      origin: rec.origin,
      authorization: `Bearer ${rec.uploadToken}`,
      "content-type": "application/json",
      "content-encoding": "gzip",
      "x-glimpse-seq": String(seq),
    },
    body: gzipSync(JSON.stringify(events)),
  });
}
