import { describe, expect, it } from "vitest";
import { verifyAuditChain } from "@/lib/audit/verify-audit-chain";
import { db } from "@/lib/db";
import { createAdmin, createPreviewSite, recordPreview, uploadPreviewBatch } from "@/tests/fixtures/previews";
import { recordingState, seedTicketWithRecording } from "@/tests/fixtures/retention";
import { PREVIEW_RETENTION_MS, purgeExpiredPreviews } from "./purge-expired-previews";
import { runSweeper } from "./run-sweeper";

const MINUTE = 60_000;

async function previewAt(start: Date) {
  const admin = await createAdmin();
  const site = await createPreviewSite({ privacyPreset: "balanced" });
  const { session, started } = await recordPreview({ siteId: site.id, actor: admin.actor, now: start });
  const ts = start.getTime();
  await uploadPreviewBatch(session, 0, [{ type: 4, timestamp: ts, data: { href: "https://shop.preview.example/", width: 800, height: 600 } }]);
  return { recordingId: session.recordingId, ticketId: started.id };
}

describe("the preview rule of the sweeper", () => {
  it("purges a preview one hour after it started, not a minute before, through the one purge path", async () => {
    expect(PREVIEW_RETENTION_MS).toBe(60 * MINUTE);
    const start = new Date();
    const preview = await previewAt(start);
    // A customer's recording started at the same moment, still uploading: no rule of the sweeper applies to it.
    const customer = await seedTicketWithRecording({ startedAt: start, lastUploadAt: new Date(start.getTime() + 61 * MINUTE) });

    expect(await purgeExpiredPreviews(new Date(start.getTime() + 59 * MINUTE))).toBe(0);
    await runSweeper(new Date(start.getTime() + 59 * MINUTE));
    expect(await recordingState(preview.recordingId)).toMatchObject({ hasKey: true, chunks: 1 });

    const summary = await runSweeper(new Date(start.getTime() + 60 * MINUTE));
    expect(summary.recordingsPurged).toBe(1);
    expect(await recordingState(preview.recordingId)).toEqual({ status: "purged", hasKey: false, chunks: 0 });
    const purged = await db.recording.findUniqueOrThrow({ where: { id: preview.recordingId } });
    expect(purged.purgeReason).toBe("preview_expired");
    const receipt = await db.auditEntry.findFirstOrThrow({ where: { action: "recording.purged", recordingId: preview.recordingId } });
    expect(JSON.parse(receipt.details)).toMatchObject({ reason: "preview_expired", chunks: 1 });
    expect(receipt.actorLabel).toBe("retention sweeper");

    expect(await recordingState(customer.recording.id)).toEqual({ status: "live", hasKey: true, chunks: 1 });
    expect(await db.auditEntry.count({ where: { action: "recording.purged", recordingId: customer.recording.id } })).toBe(0);
    expect(await purgeExpiredPreviews(new Date(start.getTime() + 2 * 60 * MINUTE))).toBe(0);
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it("never purges a customer's recording, however old, while it is within the retention cap", async () => {
    const start = new Date();
    const customer = await seedTicketWithRecording({ startedAt: new Date(start.getTime() - 3 * 60 * MINUTE) });
    await db.recording.update({ where: { id: customer.recording.id }, data: { status: "finished", finishedAt: start } });
    expect(await purgeExpiredPreviews(new Date(start.getTime() + 24 * 60 * MINUTE))).toBe(0);
    expect(await recordingState(customer.recording.id)).toEqual({ status: "finished", hasKey: true, chunks: 1 });
  });
});
