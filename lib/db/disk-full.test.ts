import { onPostgres } from "@/tests/support/postgres-test-db";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, openSync, closeSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";

/**
 * A real full disk: the database lives on a 4 MB tmpfs that a filler file then fills up, so
 * COMMIT fails with SQLITE_FULL the way it does in production. Mounting needs root.
 */
const mountPoint = mkdtempSync(path.join(tmpdir(), "glimpse-full-"));
let mounted = false;
try {
  // The PostgreSQL server's disk is not ours to fill: this is SQLite's own fault path.
  if (process.getuid?.() === 0 && !onPostgres()) {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", mountPoint], { stdio: "ignore" });
    mounted = true;
  }
} catch {
  mounted = false;
}
const file = path.join(mountPoint, "glimpse.db");
if (mounted) {
  copyFileSync(inject("templateDb"), file);
  process.env.DATABASE_URL = `file:${file}`;
}

const within = <T>(p: Promise<T>, ms = 5_000) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms))]);

const filler = path.join(mountPoint, "filler");
function fillDisk() {
  const fd = openSync(filler, "w");
  const block = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, block);
  } catch {
    // ENOSPC: the disk is full.
  } finally {
    closeSync(fd);
  }
}

afterAll(async () => {
  if (!mounted) return;
  const { db } = await import(".");
  await db.$disconnect();
  execFileSync("umount", ["-l", mountPoint]);
  rmSync(mountPoint, { recursive: true, force: true });
});

describe.skipIf(!mounted)("a full disk (tmpfs)", () => {
  it("a COMMIT that fails with SQLITE_FULL answers 507, health says 503, and once space is freed the next request works", async () => {
    const { POST: uploadBatch } = await import("@/app/api/recorder/sessions/[id]/events/route");
    const { GET: health } = await import("@/app/api/health/route");
    const { seedUploadableRecording, uploadRequest } = await import("@/tests/fixtures/retention");
    const { db } = await import(".");
    const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
    const rec = await seedUploadableRecording();
    const batch = (n: number) => [{ type: 3, timestamp: Date.now(), data: { source: 0, texts: [], attributes: [], removes: [], adds: [{ parentId: 1, nextId: null, node: { type: 3, textContent: `${n}`.repeat(30_000), id: 100 + n } }] } }];
    expect((await within(health(new Request("http://glimpse.test/api/health"), ctx("")))).status).toBe(200);

    fillDisk();
    for (const attempt of [1, 2]) {
      const res = await within(uploadBatch(uploadRequest(rec, 1, batch(attempt)), ctx(rec.recording.id)));
      expect(res.status, `attempt ${attempt}: ${await res.clone().text()}`).toBe(507);
      expect(await res.json()).toMatchObject({ error: { code: "insufficient_storage" } });
    }
    const sick = await within(health(new Request("http://glimpse.test/api/health"), ctx("")));
    expect(sick.status).toBe(503);
    expect(await sick.json()).toMatchObject({ status: "unavailable" });
    expect((await within(db.recording.findUniqueOrThrow({ where: { id: rec.recording.id } }))).nextSeq).toBe(1);

    rmSync(filler);
    const res = await within(uploadBatch(uploadRequest(rec, 1, batch(1)), ctx(rec.recording.id)));
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await within(db.recording.findUniqueOrThrow({ where: { id: rec.recording.id } }))).nextSeq).toBe(2);
    expect((await within(health(new Request("http://glimpse.test/api/health"), ctx("")))).status).toBe(200);
  });
});
