import { onPostgres } from "@/tests/support/postgres-test-db";
import { describe, expect, it } from "vitest";
import { POST as uploadBatch } from "@/app/api/recorder/sessions/[id]/events/route";
import { db } from ".";
import { seedUploadableRecording, uploadRequest } from "@/tests/fixtures/retention";

const within = <T>(p: Promise<T>, ms = 5_000) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms))]);

const params = (id: string) => ({ params: Promise.resolve({ id }) });

describe.skipIf(onPostgres())("transactions after a failed COMMIT", () => {
  it("a COMMIT that fails (a deferred foreign key) rolls back and releases the lock: the next transactions answer", async () => {
    const failed = db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe("PRAGMA defer_foreign_keys = ON");
      await tx.grant.create({ data: { linkId: "no-such-link", tokenHash: `g-${Math.random()}`, expiresAt: new Date() } });
    });
    await expect(within(failed)).rejects.toThrow(/foreign ?key/i);
    expect(await db.grant.count({ where: { linkId: "no-such-link" } })).toBe(0);

    const rec = await seedUploadableRecording();
    const res = await within(uploadBatch(uploadRequest(rec, 1, [{ type: 3, timestamp: Date.now(), data: { source: 2, type: 2, id: 1 } }]), params(rec.recording.id)));
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await within(db.$transaction((tx) => tx.ticket.count()))).toBeGreaterThan(0);
  });
});

describe.skipIf(onPostgres())("file modes", () => {
  it("the database and its -wal and -shm files are readable by the owner only (0600)", async () => {
    const { statSync } = await import("node:fs");
    const { env } = await import("../env");
    await db.ticket.count();
    for (const suffix of ["", "-wal", "-shm"]) {
      expect((statSync(env().databasePath + suffix).mode & 0o777).toString(8), `glimpse.db${suffix}`).toBe("600");
    }
  });
});
