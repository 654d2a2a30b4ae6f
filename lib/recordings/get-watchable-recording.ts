import "server-only";
import type { TStaffActor } from "../audit/actor";
import { appendAudit } from "../audit/append-audit";
import { db, type Tx } from "../db";
import { AppError } from "../errors";
import { canWatchRecording } from "./can-watch-recording";

export type TRecordingAccess = "recording.viewed" | "recording.exported" | "recording.live_watched";

/** 404 also when the actor may not watch it, so its existence is not revealed; audited in the check's transaction unless `viewId` covers it. */
export async function getWatchableRecording(opts: {
  actor: TStaffActor;
  recordingId: string;
  audit?: TRecordingAccess;
  details?: Record<string, unknown>;
  viewId?: number;
  includePurged?: boolean;
}) {
  const { actor, recordingId } = opts;
  return db.$transaction(async (tx) => {
    const recording = await tx.recording.findUnique({
      where: { id: recordingId },
      omit: { wrappedKey: false },
      include: {
        ticket: { select: { id: true, source: true, externalId: true, subject: true, status: true, assigneeId: true, preview: true } },
        link: { select: { id: true, createdById: true, status: true } },
      },
    });
    if (!recording || !(await canWatchRecording({ viewer: actor, recording, tx }))) {
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
    // Kept off the recording object so it cannot be serialised with it.
    const { wrappedKey, ...rest } = recording;
    return { recording: rest, wrappedKey: rest.status === "purged" ? null : wrappedKey, auditEntryId };
  });
}

const VIEW_COVERS_MS = 12 * 60 * 60_000;

/** The player reads in many small pages after one audited view; reads naming that view are not audited again. */
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
