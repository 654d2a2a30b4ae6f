import { onPostgres } from "@/tests/support/postgres-test-db";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { GET as getEvents } from "@/app/api/v1/recordings/[id]/events/route";
import { GET as getMetadata } from "@/app/api/v1/recordings/[id]/route";
import { POST as uploadBatch } from "@/app/api/recorder/sessions/[id]/events/route";
import { doctorCommand } from "../../cli/commands/doctor";
import { createApiKey } from "../api-keys/create-api-key";
import { db } from "../db";
import { resetEnvCache } from "../env";
import { seedUploadableRecording, uploadRequest } from "@/tests/fixtures/retention";
import { createUser } from "../users/create-user";
import { checkMasterKey } from "./check-master-key";

const original = { ...process.env };
const system = { type: "system" as const };

afterEach(() => {
  process.env = { ...original };
  resetEnvCache();
  vi.restoreAllMocks();
});

/** Another master key than the one the recordings were stored with. */
function changeMasterKey() {
  process.env.GLIMPSE_MASTER_KEY = randomBytes(32).toString("hex");
  resetEnvCache();
}

async function adminKey() {
  const user = await createUser({ input: { email: `admin-${Math.random()}@example.test`, name: "Admin", password: "a long admin password", role: "admin" }, actor: system });
  return (await createApiKey({ userId: user.id, name: "test", actor: system })).key;
}

const ctx = (id: string) => ({ params: Promise.resolve({ id }) });

describe("a changed or lost master key", () => {
  it("the start-up check refuses a key that does not open the stored recordings, naming GLIMPSE_MASTER_KEY", async () => {
    await seedUploadableRecording();
    await expect(checkMasterKey()).resolves.toMatch(/GLIMPSE_MASTER_KEY, opens the \d+ stored recording/);
    changeMasterKey();
    await expect(checkMasterKey()).rejects.toThrow(/GLIMPSE_MASTER_KEY does not open the \d+ stored recording/);
  });

  // A copy of the SQLite file stands for "the same database, another data folder".
  it.skipIf(onPostgres())("a deleted data/master.key is not replaced while recordings exist: the check says what to restore", async () => {
    await seedUploadableRecording();
    // A data folder holding the same database but no key file, and no GLIMPSE_MASTER_KEY.
    const dir = mkdtempSync(path.join(tmpdir(), "glimpse-nokey-"));
    await db.$executeRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
    copyFileSync(process.env.DATABASE_URL!.replace(/^file:/, ""), path.join(dir, "glimpse.db"));
    delete process.env.GLIMPSE_MASTER_KEY;
    process.env.DATABASE_URL = `file:${path.join(dir, "glimpse.db")}`;
    resetEnvCache();
    // The db client stays on the original file, which holds the same recordings.
    await expect(checkMasterKey()).rejects.toThrow(/master\.key does not exist.*Restore data\/master\.key/s);
    expect(existsSync(path.join(dir, "master.key"))).toBe(false);
  });

  it("events and metadata answer 503 key_unavailable before any byte, and uploads too", async () => {
    const rec = await seedUploadableRecording();
    const key = await adminKey();
    const auth = { authorization: `Bearer ${key}` };
    const first = await uploadBatch(uploadRequest(rec, 1, [{ type: 3, timestamp: Date.now(), data: { source: 2, type: 2, id: 7 } }]), ctx(rec.recording.id));
    expect(first.status).toBe(200);
    // The fixture's chunk 0 is not stored the way ingest stores it: read from the uploaded one.
    const url = `http://glimpse.test/api/v1/recordings/${rec.recording.id}/events?fromSeq=1`;
    const ok = await getEvents(new Request(url, { headers: auth }), ctx(rec.recording.id));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject([{ data: { id: 7 } }]);

    vi.spyOn(console, "error").mockImplementation(() => {});
    changeMasterKey();
    const events = await getEvents(new Request(url, { headers: auth }), ctx(rec.recording.id));
    expect(events.status).toBe(503);
    expect(await events.json()).toMatchObject({ error: { code: "key_unavailable" } });
    const meta = await getMetadata(new Request(`http://glimpse.test/api/v1/recordings/${rec.recording.id}`, { headers: auth }), ctx(rec.recording.id));
    expect(meta.status).toBe(503);
    expect(await meta.json()).toMatchObject({ error: { code: "key_unavailable" } });
    const upload = await uploadBatch(uploadRequest(rec, 2, [{ type: 3, timestamp: Date.now(), data: { source: 2, type: 2, id: 1 } }]), ctx(rec.recording.id));
    expect(upload.status).toBe(503);
    expect(await upload.json()).toMatchObject({ error: { code: "key_unavailable" } });
  });

  it("glimpse doctor reports ✗ when the key does not open a stored recording", async () => {
    await seedUploadableRecording();
    changeMasterKey();
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((...a) => void lines.push(a.join(" ")));
    expect(await doctorCommand()).toBe(1);
    expect(lines.join("\n")).toMatch(/✗ master key: The master key from GLIMPSE_MASTER_KEY does not open/);
  });
});
