import { readFileSync, existsSync } from "node:fs";
import type { LinkStatus } from "../db/models";
import { beforeEach, describe, expect, it } from "vitest";
import { onPostgres } from "@/tests/support/postgres-test-db";
import { db } from "../db";
import { env } from "../env";
import { recordingState, seedTicketWithRecording } from "@/tests/fixtures/retention";
import { runSweeper } from "../retention/run-sweeper";
import { reopenTicket } from "./reopen-ticket";
import { resolveTicket } from "./resolve-ticket";

const agent = { type: "system" as const, label: "test" };

function databaseBytes(): Buffer {
  const file = env().databasePath!;
  return Buffer.concat([readFileSync(file), existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`) : Buffer.alloc(0)]);
}

async function setGrace(minutes: number) {
  await db.setting.upsert({ where: { key: "graceMinutes" }, create: { key: "graceMinutes", value: String(minutes) }, update: { value: String(minutes) } });
}

beforeEach(async () => {
  await setGrace(0);
});

describe("resolveTicket", () => {
  it("purges every recording, leaves no chunk, key or ciphertext bytes behind, and writes a receipt", async () => {
    const seeded = await seedTicketWithRecording();
    const slice = seeded.ciphertext.subarray(100, 132);
    if (!onPostgres()) {
      await db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
      // The test can fail: the bytes are really there before the purge.
      expect(databaseBytes().includes(slice)).toBe(true);
    }

    const result = await resolveTicket({ ticketId: seeded.ticket.id, actor: agent, reason: "test" });
    expect(result).toEqual({ purgedRecordings: 1, purgedBytes: seeded.ciphertext.length });

    expect(await recordingState(seeded.recording.id)).toEqual({ status: "purged", hasKey: false, chunks: 0 });
    const recording = await db.recording.findUniqueOrThrow({ where: { id: seeded.recording.id }, omit: { uploadTokenHash: false } });
    expect(recording.uploadTokenHash).toBeNull();
    expect(recording.purgeReason).toBe("ticket_resolved");
    const ticket = await db.ticket.findUniqueOrThrow({ where: { id: seeded.ticket.id } });
    expect(ticket.status).toBe("resolved");
    expect((await db.link.findUniqueOrThrow({ where: { id: seeded.link.id } })).status).toBe("finished");

    const receipt = await db.auditEntry.findFirstOrThrow({ where: { action: "recording.purged", recordingId: seeded.recording.id } });
    expect(JSON.parse(receipt.details)).toMatchObject({ reason: "ticket_resolved", chunks: 1, bytes: seeded.ciphertext.length });
    expect(receipt.details).not.toContain(seeded.marker);

    // PostgreSQL: dead tuples stay until VACUUM, and crypto-shredding is the guarantee (no row
    // holds the key or a chunk any more, checked above). SQLite: the bytes themselves are gone.
    if (onPostgres()) return;
    // No checkpoint here: the purge itself must fold and truncate the WAL soon after.
    await expect.poll(() => databaseBytes().includes(slice), { timeout: 5_000 }).toBe(false);
    const bytes = databaseBytes();
    expect(bytes.includes(Buffer.from(seeded.marker))).toBe(false);
    expect(bytes.includes(slice)).toBe(false);
    expect(bytes.includes(seeded.ciphertext.subarray(seeded.ciphertext.length - 32))).toBe(false);
  });

  it("revokes open links and deletes their grants", async () => {
    const seeded = await seedTicketWithRecording({ linkStatus: "finished" });
    const site = await db.site.findFirstOrThrow();
    const statuses: LinkStatus[] = ["pending", "opened", "consented", "declined"];
    const links = [];
    for (const status of statuses) {
      links.push(
        await db.link.create({
          data: { ticketId: seeded.ticket.id, siteId: site.id, tokenHash: `h-${status}-${Math.random()}`, status, startUrl: site.startUrl, expiresAt: new Date(Date.now() + 3_600_000), maxDurationMs: 60_000 },
        }),
      );
    }
    await db.grant.create({ data: { linkId: links[2]!.id, tokenHash: `g-${Math.random()}`, expiresAt: new Date(Date.now() + 600_000) } });

    await resolveTicket({ ticketId: seeded.ticket.id, actor: agent });
    const after = await db.link.findMany({ where: { id: { in: links.map((l) => l.id) } }, orderBy: { createdAt: "asc" } });
    expect(Object.fromEntries(after.map((l) => [l.id, l.status]))).toEqual({
      [links[0]!.id]: "revoked",
      [links[1]!.id]: "revoked",
      [links[2]!.id]: "revoked",
      [links[3]!.id]: "declined",
    });
    expect(await db.grant.count({ where: { linkId: links[2]!.id } })).toBe(0);
    expect(await db.auditEntry.count({ where: { action: "link.revoked", ticketId: seeded.ticket.id } })).toBe(3);
  });

  it("is idempotent and answers 404 for an unknown ticket", async () => {
    const seeded = await seedTicketWithRecording();
    await resolveTicket({ ticketId: seeded.ticket.id, actor: agent });
    expect(await resolveTicket({ ticketId: seeded.ticket.id, actor: agent })).toEqual({ purgedRecordings: 0, purgedBytes: 0 });
    expect(await db.auditEntry.count({ where: { action: "ticket.resolved", ticketId: seeded.ticket.id } })).toBe(1);
    await expect(resolveTicket({ ticketId: "nope", actor: agent })).rejects.toMatchObject({ code: "not_found" });
  });

  it("with a grace period, waits for the sweeper, and a timely reopen keeps the recordings", async () => {
    await setGrace(30);
    const kept = await seedTicketWithRecording();
    const purged = await seedTicketWithRecording();

    expect(await resolveTicket({ ticketId: kept.ticket.id, actor: agent })).toEqual({ purgedRecordings: 0, purgedBytes: 0, pending: true });
    expect(await resolveTicket({ ticketId: purged.ticket.id, actor: agent })).toMatchObject({ pending: true });
    // The recording stops at once, but its data waits.
    expect(await recordingState(kept.recording.id)).toEqual({ status: "finished", hasKey: true, chunks: 1 });

    const { ticket } = await reopenTicket({ ticketId: kept.ticket.id, actor: agent });
    expect(ticket).toMatchObject({ status: "open", purgeDueAt: null, resolvedAt: null });

    await runSweeper(new Date(Date.now() + 10 * 60_000));
    expect(await recordingState(purged.recording.id)).toEqual({ status: "finished", hasKey: true, chunks: 1 });

    await runSweeper(new Date(Date.now() + 31 * 60_000));
    expect(await recordingState(purged.recording.id)).toEqual({ status: "purged", hasKey: false, chunks: 0 });
    expect(await recordingState(kept.recording.id)).toEqual({ status: "finished", hasKey: true, chunks: 1 });
    expect((await db.ticket.findUniqueOrThrow({ where: { id: purged.ticket.id } })).purgeDueAt).toBeNull();
  });

  it("a reopen after the grace period has ended purges first: reopening never brings data back", async () => {
    await setGrace(5);
    const seeded = await seedTicketWithRecording();
    await resolveTicket({ ticketId: seeded.ticket.id, actor: agent, at: new Date(Date.now() - 10 * 60_000) });
    // The resolve happened 10 minutes ago, so its 5-minute grace is already over.
    expect(await recordingState(seeded.recording.id)).toMatchObject({ status: "purged", chunks: 0 });

    const other = await seedTicketWithRecording();
    await resolveTicket({ ticketId: other.ticket.id, actor: agent });
    await db.ticket.update({ where: { id: other.ticket.id }, data: { purgeDueAt: new Date(Date.now() - 1000) } });
    const { ticket } = await reopenTicket({ ticketId: other.ticket.id, actor: agent });
    expect(ticket.status).toBe("open");
    expect(await recordingState(other.recording.id)).toMatchObject({ status: "purged", chunks: 0, hasKey: false });
  });
});
