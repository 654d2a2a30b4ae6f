import "server-only";
import type { PurgeReason } from "../db/models";
import { appendAudit, type TActor } from "../audit/append-audit";
import { afterPurge, lockRecordingsForPurge, writeTx, type Tx } from "../db";
import { enqueueEvent } from "../outbound/enqueue-event";
import { ticketRef } from "../tickets/ticket-ref";

type TReceipt = { recordingId: string; linkId: string; chunks: number; bytes: number };
type TPurgeResult = { purgedRecordings: number; purgedBytes: number; receipts: TReceipt[] };
type TPurge = { tx: Tx; reason: PurgeReason; actor: TActor; now: Date };

/** Crypto-shredding, with one receipt each (counts and sizes only); already-purged recordings are skipped, so purging twice is a no-op. */
export async function purgeRecordings(opts: Omit<TPurge, "tx" | "now"> & { ids: string[]; now?: Date; tx?: Tx }): Promise<TPurgeResult> {
  const { ids, tx, ...rest } = opts;
  if (!tx) return writeTx((tx) => purgeRecordings({ ...opts, tx }));
  const purge = { ...rest, tx, now: opts.now ?? new Date() };
  if (ids.length > 0) await lockRecordingsForPurge(tx);
  const receipts: TReceipt[] = [];
  for (const id of ids) {
    const receipt = await purgeRecording(purge, id);
    if (receipt) receipts.push(receipt);
  }
  const linkIds = receipts.map((r) => r.linkId);
  if (linkIds.length > 0) {
    await tx.link.updateMany({ where: { id: { in: linkIds }, status: "recording" }, data: { status: "finished", endedAt: purge.now } });
  }
  return { purgedRecordings: receipts.length, purgedBytes: receipts.reduce((n, r) => n + r.bytes, 0), receipts };
}

async function purgeRecording({ tx, reason, actor, now }: TPurge, recordingId: string): Promise<TReceipt | null> {
  const recording = await tx.recording.findUnique({
    where: { id: recordingId },
    include: { ticket: { select: { source: true, externalId: true } } },
  });
  if (!recording || recording.status === "purged") return null;

  const sizes = await tx.chunk.aggregate({ where: { recordingId }, _count: { _all: true }, _sum: { rawBytes: true } });
  const chunks = sizes._count._all;
  const bytes = recording.storedBytes;
  await tx.chunk.deleteMany({ where: { recordingId } });
  await tx.recording.update({
    where: { id: recordingId },
    data: {
      status: "purged",
      wrappedKey: null,
      uploadTokenHash: null,
      uploadTokenExpiresAt: null,
      markers: "[]",
      pages: "[]",
      ingestState: "",
      ingestIndex: null,
      purgedAt: now,
      purgeReason: reason,
    },
  });
  const details = { reason, chunks, bytes, rawBytes: sizes._sum.rawBytes ?? 0, purgedAt: now.toISOString() };
  const entry = await appendAudit(tx, {
    actor,
    action: "recording.purged",
    ticketId: recording.ticketId,
    ticketRef: ticketRef(recording.ticket),
    linkId: recording.linkId,
    recordingId,
    details,
    at: now,
  });
  await enqueueEvent(tx, { type: "recording.purged", recordingId, receipt: { ...details, auditEntryId: entry.id, auditHash: entry.hash }, at: now });
  afterPurge();
  return { recordingId, linkId: recording.linkId, chunks, bytes };
}
