import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { productionServer } from "./production-server";

/**
 * The real server (`next start` of the production build) killed at the worst moments. This test
 * process seeds the server's database through lib/ (same file, same master key), then talks to
 * the server over HTTP only.
 */
const dataDir = mkdtempSync(path.join(tmpdir(), "glimpse-server-faults-"));
const server = productionServer({ dataDir, port: 3502 });
process.env.DATABASE_URL = server.env.DATABASE_URL!;
process.env.GLIMPSE_MASTER_KEY = server.env.GLIMPSE_MASTER_KEY!;
process.env.GLIMPSE_BASE_URL = server.baseUrl;

const lib = async () => {
  const { resetEnvCache } = await import("@/lib/env");
  resetEnvCache();
  const { db } = await import("@/lib/db");
  const fixtures = await import("@/tests/fixtures/retention");
  const { createUser } = await import("@/lib/users/create-user");
  const { createApiKey } = await import("@/lib/api-keys/create-api-key");
  return { db, ...fixtures, createUser, createApiKey };
};

beforeAll(async () => {
  server.prepare();
}, 600_000);

afterAll(async () => {
  await server.stop("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

type TRec = { recording: { id: string }; uploadToken: string; origin: string };

async function upload(rec: TRec, seq: number, events: unknown[], timeoutMs = 5_000) {
  return fetch(`${server.baseUrl}/api/recorder/sessions/${rec.recording.id}/events`, {
    method: "POST",
    headers: { origin: rec.origin, authorization: `Bearer ${rec.uploadToken}`, "content-type": "application/json", "content-encoding": "gzip", "x-glimpse-seq": String(seq) },
    body: gzipSync(JSON.stringify(events)),
    signal: AbortSignal.timeout(timeoutMs),
  });
}

const batch = (seq: number) => [{ type: 3, timestamp: Date.now(), data: { source: 2, type: 2, id: seq, filler: `${seq}`.repeat(3_000) } }];

function fileHas(file: string, needle: Buffer) {
  try {
    return readFileSync(file).includes(needle);
  } catch {
    return false;
  }
}

describe("purged bytes after a stop right after the purge", () => {
  for (const signal of ["SIGKILL", "SIGTERM"] as const) {
    it(`${signal} right after DELETE answers leaves neither the wrapped key nor a ciphertext in glimpse.db or glimpse.db-wal`, { timeout: 120_000 }, async () => {
      const { db, seedUploadableRecording, createUser, createApiKey } = await lib();
      const rec = await seedUploadableRecording();
      const user = await createUser({ input: { email: `admin-${signal}@example.test`, name: "Admin", password: "a long admin password", role: "admin" }, actor: { type: "system" } });
      const { key } = await createApiKey({ userId: user.id, name: "purge test", actor: { type: "system" } });
      await db.$disconnect();

      await server.start();
      for (const seq of [1, 2, 3]) expect((await upload(rec, seq, batch(seq))).status).toBe(200);
      const reader = new Database(server.dbFile, { readonly: true });
      const wrapped = (reader.prepare(`SELECT "wrappedKey" FROM "Recording" WHERE "id" = ?`).get(rec.recording.id) as { wrappedKey: Buffer }).wrappedKey;
      const chunks = (reader.prepare(`SELECT "ciphertext" FROM "Chunk" WHERE "recordingId" = ? AND "seq" > 0`).all(rec.recording.id) as { ciphertext: Buffer }[]).map((c) => c.ciphertext.subarray(16, 80));
      reader.close();
      const present = (needle: Buffer) => fileHas(server.dbFile, needle) || fileHas(`${server.dbFile}-wal`, needle);
      // The test can fail: before the purge, the bytes are on disk.
      expect(present(wrapped)).toBe(true);
      expect(chunks.every(present)).toBe(true);

      const res = await fetch(`${server.baseUrl}/api/v1/recordings/${rec.recording.id}`, { method: "DELETE", headers: { authorization: `Bearer ${key}` } });
      expect(res.status).toBe(204);
      await server.stop(signal);

      expect(present(wrapped), "wrapped key").toBe(false);
      expect(chunks.filter(present), "ciphertexts").toEqual([]);
    });
  }
});

describe("connections", () => {
  it("keeps a recorder's connection open between batches 5 s apart, rather than closing it as the next batch is sent", { timeout: 60_000 }, async () => {
    await server.start();
    try {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const get = () =>
        new Promise<boolean>((resolve, reject) => {
          const req = http.get(`${server.baseUrl}/api/health`, { agent }, (res) => {
            res.resume();
            res.on("end", () => resolve(req.reusedSocket));
          });
          req.on("error", reject);
        });
      expect(await get()).toBe(false);
      await new Promise((r) => setTimeout(r, 6_000));
      expect(await get()).toBe(true);
      agent.destroy();
    } finally {
      await server.stop();
    }
  });
});

describe("the server refuses to start", () => {
  it("with an invalid configuration, exiting at once with the variable's name (not hanging on every request)", { timeout: 60_000 }, async () => {
    const t0 = Date.now();
    const r = await server.startRefused({ GLIMPSE_ADMIN_EMAIL: "not-an-email" });
    expect(r.code, r.output).toBe(1);
    expect(r.output).toMatch(/GLIMPSE_ADMIN_EMAIL/);
    expect(Date.now() - t0).toBeLessThan(15_000);
  });

  it("with a master key that does not open the stored recordings, saying so", { timeout: 60_000 }, async () => {
    const { db, seedUploadableRecording } = await lib();
    await seedUploadableRecording();
    await db.$disconnect();
    const r = await server.startRefused({ GLIMPSE_MASTER_KEY: "b".repeat(64) });
    expect(r.code, r.output).toBe(1);
    expect(r.output).toMatch(/GLIMPSE_MASTER_KEY does not open the \d+ stored recording/);
  });
});

describe("crash test", () => {
  it("SIGKILL the server 10 times while recorders upload: every acknowledged batch is stored, with no seq gap", { timeout: 240_000 }, async () => {
    const { db, seedUploadableRecording } = await lib();
    const recorders = await Promise.all([1, 2, 3, 4].map(() => seedUploadableRecording()));
    await db.$disconnect();
    const acked = new Map<string, Set<number>>(recorders.map((r) => [r.recording.id, new Set<number>()]));
    const refused: string[] = [];
    let running = true;

    // A recorder: batches in order; a batch is retried, with backoff, until it is acknowledged.
    const record = async (rec: TRec) => {
      let seq = 1;
      // The same batch is sent again on retry, as the real recorder keeps it queued.
      let events = batch(seq);
      for (let attempt = 0; running; ) {
        let status = 0;
        let text = "";
        try {
          const res = await upload(rec, seq, events, 3_000);
          status = res.status;
          text = await res.text();
        } catch {
          status = 0; // the server is down, or the request was cut
        }
        if (status === 200) {
          acked.get(rec.recording.id)!.add(seq);
          seq += 1;
          events = batch(seq);
          attempt = 0;
        } else if (status === 0 || status >= 500) {
          await new Promise((r) => setTimeout(r, Math.min(1_000, 50 * 2 ** attempt++)));
        } else {
          refused.push(`${rec.recording.id} seq ${seq}: ${status} ${text}`);
          return;
        }
      }
    };

    await server.start();
    const uploads = recorders.map(record);
    for (let kill = 0; kill < 10; kill++) {
      await new Promise((r) => setTimeout(r, 1_000 + Math.random() * 1_500));
      await server.stop("SIGKILL");
      await server.start();
    }
    await new Promise((r) => setTimeout(r, 1_000));
    running = false;
    await Promise.all(uploads);
    await server.stop("SIGTERM");

    expect(refused).toEqual([]);
    const reader = new Database(server.dbFile, { readonly: true });
    try {
      for (const rec of recorders) {
        const seqs = (reader.prepare(`SELECT "seq" FROM "Chunk" WHERE "recordingId" = ? ORDER BY "seq"`).all(rec.recording.id) as { seq: number }[]).map((r) => r.seq);
        const { nextSeq, chunkCount } = reader.prepare(`SELECT "nextSeq", "chunkCount" FROM "Recording" WHERE "id" = ?`).get(rec.recording.id) as { nextSeq: number; chunkCount: number };
        const mine = [...acked.get(rec.recording.id)!];
        expect(mine.length, "each recorder got batches through").toBeGreaterThan(5);
        // No gap: the chunks are exactly 0..nextSeq-1, and the counters agree.
        expect(seqs).toEqual(Array.from({ length: nextSeq }, (_, i) => i));
        expect(chunkCount).toBe(nextSeq);
        // Every acknowledged batch is stored.
        expect(mine.filter((s) => !seqs.includes(s))).toEqual([]);
      }
    } finally {
      reader.close();
    }
    // And what was acknowledged reads back, in order: each batch carries its seq as an event id.
    const { readChunkEvents } = await import("@/lib/recordings/read-events");
    for (const rec of recorders) {
      const ids: unknown[] = [];
      for await (const chunk of readChunkEvents(rec.recording.id, { fromSeq: 1 })) ids.push((chunk.events[0]!.data as { id: unknown }).id);
      expect(ids).toEqual(ids.map((_, i) => i + 1));
      expect(ids.length).toBeGreaterThanOrEqual(acked.get(rec.recording.id)!.size);
    }
    console.log(`crash test: ${[...acked.values()].map((s) => s.size).join("+")} batches acknowledged across 10 kills`);
  });
});
