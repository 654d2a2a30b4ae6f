import { beforeEach, describe, expect, it } from "vitest";
import type { LinkStatus } from "../db/models";
import { purgeCommand } from "../../cli/commands/purge";
import { db } from "../db";
import { runSweeper } from "./run-sweeper";
import { POST as uploadBatch } from "@/app/api/recorder/sessions/[id]/events/route";
import { IDLE_END_MS, runSweeper as sweep } from "./run-sweeper";
import { recordingState, seedTicketWithRecording, seedUploadableRecording, uploadRequest } from "@/tests/fixtures/retention";

const HOUR = 3_600_000;

async function setRetentionHours(hours: number) {
  await db.setting.upsert({ where: { key: "retentionHours" }, create: { key: "retentionHours", value: String(hours) }, update: { value: String(hours) } });
}

beforeEach(async () => {
  await setRetentionHours(30 * 24);
});

describe("runSweeper", () => {
  it("purges recordings older than the retention cap, by the injected clock", async () => {
    await setRetentionHours(1);
    // Still uploading at the sweep's time, so it is not ended as idle.
    const seeded = await seedTicketWithRecording({ lastUploadAt: new Date(Date.now() + 29 * 60_000) });
    await runSweeper(new Date(Date.now() + 30 * 60_000));
    expect(await recordingState(seeded.recording.id)).toEqual({ status: "live", hasKey: true, chunks: 1 });

    const summary = await runSweeper(new Date(Date.now() + HOUR + 60_000));
    expect(summary.recordingsPurged).toBe(1);
    expect(await recordingState(seeded.recording.id)).toEqual({ status: "purged", hasKey: false, chunks: 0 });
    const recording = await db.recording.findUniqueOrThrow({ where: { id: seeded.recording.id } });
    expect(recording.purgeReason).toBe("retention");
    // The recording was still live: its link ends with it.
    expect((await db.link.findUniqueOrThrow({ where: { id: seeded.link.id } })).status).toBe("finished");
  });

  it("keeps recordings within the default 30-day cap", async () => {
    const seeded = await seedTicketWithRecording();
    await runSweeper(new Date(Date.now() + 29 * 24 * HOUR));
    expect(await recordingState(seeded.recording.id)).toMatchObject({ chunks: 1 });
    await runSweeper(new Date(Date.now() + 31 * 24 * HOUR));
    expect(await recordingState(seeded.recording.id)).toMatchObject({ status: "purged", chunks: 0 });
  });

  it("two sweepers at once do not fail and purge once (one receipt)", async () => {
    await setRetentionHours(1);
    const seeded = await seedTicketWithRecording();
    const now = new Date(Date.now() + 2 * HOUR);
    const results = await Promise.all([runSweeper(now), runSweeper(now), runSweeper(now)]);
    expect(results.reduce((n, r) => n + r.recordingsPurged, 0)).toBe(1);
    expect(await db.auditEntry.count({ where: { action: "recording.purged", recordingId: seeded.recording.id } })).toBe(1);
    expect(await recordingState(seeded.recording.id)).toMatchObject({ status: "purged", chunks: 0 });
  });

  it("expires lapsed links, deletes used and expired grants, and clears dead upload tokens", async () => {
    const seeded = await seedTicketWithRecording({ linkStatus: "finished" });
    const site = await db.site.findFirstOrThrow();
    const mkLink = (status: LinkStatus, expiresAt: Date) =>
      db.link.create({
        data: { ticketId: seeded.ticket.id, siteId: site.id, tokenHash: `t-${Math.random()}`, status, startUrl: site.startUrl, expiresAt, maxDurationMs: 60_000 },
      });
    const past = new Date(Date.now() + HOUR);
    const future = new Date(Date.now() + 3 * HOUR);
    const lapsedPending = await mkLink("pending", past);
    const lapsedOpened = await mkLink("opened", past);
    const fresh = await mkLink("pending", future);
    const finished = await mkLink("finished", past);
    const g = (linkId: string, data: { expiresAt: Date; usedAt?: Date }) => db.grant.create({ data: { linkId, tokenHash: `g-${Math.random()}`, ...data } });
    const used = await g(fresh.id, { expiresAt: future, usedAt: new Date() });
    const expired = await g(fresh.id, { expiresAt: past });
    const valid = await g(fresh.id, { expiresAt: future });
    // A finished recording's upload token is dead; the live one's is still valid.
    await db.recording.update({ where: { id: seeded.recording.id }, data: { status: "finished" } });
    // Still uploading at the first sweep's time, so it is not ended as idle by it.
    const live = await seedTicketWithRecording({ lastUploadAt: new Date(Date.now() + 2 * HOUR - 60_000) });
    await db.recording.update({ where: { id: live.recording.id }, data: { uploadTokenExpiresAt: future } });

    const summary = await runSweeper(new Date(Date.now() + 2 * HOUR));
    expect(summary).toMatchObject({ linksExpired: 2, grantsDeleted: 2, uploadTokensCleared: 1 });
    const statuses = async (id: string) => (await db.link.findUniqueOrThrow({ where: { id } })).status;
    expect([await statuses(lapsedPending.id), await statuses(lapsedOpened.id), await statuses(fresh.id), await statuses(finished.id)]).toEqual(["expired", "expired", "pending", "finished"]);
    expect((await db.grant.findMany({ where: { id: { in: [used.id, expired.id, valid.id] } } })).map((x) => x.id)).toEqual([valid.id]);
    const token = async (id: string) => (await db.recording.findUniqueOrThrow({ where: { id }, omit: { uploadTokenHash: false } })).uploadTokenHash;
    expect(await token(seeded.recording.id)).toBeNull();
    expect(await token(live.recording.id)).not.toBeNull();

    // Once its token has expired, a live recording has ended and its token goes too.
    const later = await runSweeper(new Date(Date.now() + 4 * HOUR));
    expect(later).toMatchObject({ recordingsEnded: 1, uploadTokensCleared: 1 });
    expect(await token(live.recording.id)).toBeNull();
    expect(await recordingState(live.recording.id)).toMatchObject({ status: "finished", chunks: 1 });
  });

  it("glimpse purge runs a sweep and exits 0; a bad argument exits 2", async () => {
    await setRetentionHours(1);
    const old = await seedTicketWithRecording({ startedAt: new Date(Date.now() - 2 * HOUR) });
    const log = console.log;
    const lines: string[] = [];
    console.log = (...a: unknown[]) => lines.push(a.join(" "));
    try {
      expect(await purgeCommand([])).toBe(0);
    } finally {
      console.log = log;
    }
    expect(lines.join("\n")).toMatch(/recordings purged:\s+1/);
    expect(await recordingState(old.recording.id)).toMatchObject({ status: "purged" });
    const err = console.error;
    console.error = () => {};
    try {
      expect(await purgeCommand(["--force"])).toBe(2);
    } finally {
      console.error = err;
    }
  });

  it("ends a live recording that has received nothing for IDLE_END_MS, audited; a tab that comes back is told it ended", async () => {
    const t0 = Date.now();
    const quiet = await seedUploadableRecording();
    // Started long ago, but it uploaded a moment before the sweep: not idle.
    const busy = await seedTicketWithRecording({ startedAt: new Date(t0 - 3 * HOUR), lastUploadAt: new Date(t0 + IDLE_END_MS) });

    expect((await sweep(new Date(t0 + IDLE_END_MS - 60_000))).recordingsEnded).toBe(0);
    expect(await recordingState(quiet.recording.id)).toMatchObject({ status: "live" });

    const summary = await sweep(new Date(t0 + IDLE_END_MS + 60_000));
    expect(summary.recordingsEnded).toBe(1);
    expect(await recordingState(quiet.recording.id)).toMatchObject({ status: "finished", hasKey: true, chunks: 1 });
    expect(await recordingState(busy.recording.id)).toMatchObject({ status: "live" });
    expect((await db.link.findUniqueOrThrow({ where: { id: quiet.link.id } })).status).toBe("finished");
    const audit = await db.auditEntry.findFirstOrThrow({ where: { action: "recording.finished", recordingId: quiet.recording.id } });
    expect(JSON.parse(audit.details)).toMatchObject({ reason: "idle", idleMinutes: IDLE_END_MS / 60_000 });
    expect(audit.actorType).toBe("system");

    const late = await uploadBatch(uploadRequest(quiet, 1, [{ type: 3, timestamp: Date.now(), data: { source: 2, type: 2, id: 1 } }]), { params: Promise.resolve({ id: quiet.recording.id }) });
    // Its upload token went with it: the recorder reads 401 as "ended" and shows the notice.
    expect(late.status).toBe(401);
    expect((await db.recording.findUniqueOrThrow({ where: { id: quiet.recording.id } })).nextSeq).toBe(1);
  });
});
