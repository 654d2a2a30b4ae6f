import "server-only";
import type { TStaffActor } from "../audit/actor";
import { appendAudit } from "../audit/append-audit";
import { db, type Tx } from "../db";
import { AppError } from "../errors";
import { canWatchRecording } from "./can-watch-recording";

/** How a recording was accessed, as written to the audit log. */
export type TRecordingAccess = "recording.viewed" | "recording.exported" | "recording.live_watched";

/**
 * Loads a recording for a staff actor, or answers 404 when it does not exist, has been purged, or
 * the actor may not watch it (so its existence is not revealed). The console page passes
 * `includePurged` to show when and why a recording was deleted. With `audit`, the access is written to the audit
 * log in the same transaction as the check, unless `viewId` names this actor's recent page view.
 * Also answers the recording's wrapped key (null once purged), read in the same transaction.
 */
export async function getWatchableRecording(
  actor: TStaffActor,
  recordingId: string,
  opts: { audit?: TRecordingAccess; details?: Record<string, unknown>; viewId?: number; includePurged?: boolean } = {},
) {
  return db.$transaction(async (tx) => {
    const recording = await tx.recording.findUnique({
      where: { id: recordingId },
      omit: { wrappedKey: false },
      include: {
        ticket: { select: { id: true, source: true, externalId: true, subject: true, status: true, assigneeId: true } },
        link: { select: { id: true, createdById: true, status: true } },
      },
    });
    if (!recording || !(await canWatchRecording(actor, recording, tx))) {
      throw new AppError("not_found", "No such recording.");
    }
    // Once purged, only the deletion receipt in the audit log remains; the API has nothing to serve.
    if (recording.status === "purged" && !opts.includePurged) {
      throw new AppError("not_found", "This recording has been deleted.");
    }
    let auditEntryId: number | null = null;
    if (opts.audit && !(await isCoveredByView(tx, actor, recordingId, opts.viewId))) {
      const entry = await appendAudit(tx, {
        actor,
        action: opts.audit,
        ticketId: recording.ticketId,
        ticketRef: `${recording.ticket.source}:${recording.ticket.externalId}`,
        linkId: recording.linkId,
        recordingId,
        details: { status: recording.status, ...opts.details },
      });
      auditEntryId = entry.id;
    }
    // The wrapped key stays off the recording object, so it cannot be serialised with it; callers
    // that must open the recording's sealed columns (see sealed-json.ts) unwrap it themselves.
    const { wrappedKey, ...rest } = recording;
    return { recording: rest, wrappedKey: rest.status === "purged" ? null : wrappedKey, auditEntryId };
  });
}

const VIEW_COVERS_MS = 12 * 60 * 60_000;

/**
 * The console's player reads a recording in many small pages after one audited page view. Those
 * reads name the view's audit entry and are not audited again; anything else is.
 */
async function isCoveredByView(tx: Tx, actor: TStaffActor, recordingId: string, viewId: number | undefined) {
  if (viewId === undefined) return false;
  const view = await tx.auditEntry.findUnique({ where: { id: viewId } });
  return (
    !!view &&
    view.action === "recording.viewed" &&
    view.recordingId === recordingId &&
    view.actorType === actor.type &&
    view.actorId === actor.id &&
    Date.now() - view.createdAt.getTime() < VIEW_COVERS_MS
  );
}

export type TWatchableRecording = Awaited<ReturnType<typeof getWatchableRecording>>["recording"];
