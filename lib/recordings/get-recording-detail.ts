import "server-only";
import type { TStaffActor } from "../audit/actor";
import { db } from "../db";
import { assembleMarkers, INTERNAL_MARKER_FIELDS, type TMarker } from "../ingest/derive-recording-info";
import { getWatchableRecording, type TRecordingAccess } from "./get-watchable-recording";
import { listChunks } from "./read-events";
import { unwrapRecordingKey } from "./recording-key";
import { openJson } from "./sealed-json";

export type TPublicMarker = Omit<TMarker, (typeof INTERNAL_MARKER_FIELDS)[number]>;

function parseJson<T>(text: string | null, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** Without content: status, times, privacy snapshot, timeline markers and the chunk index for paging. */
export async function getRecordingDetail({ actor, recordingId, audit, includePurged }: {
  actor: TStaffActor;
  recordingId: string;
  audit?: TRecordingAccess;
  includePurged?: boolean;
}) {
  const { recording: r, wrappedKey, auditEntryId } = await getWatchableRecording({ actor, recordingId, audit, includePurged });
  const chunks = r.status === "purged" ? [] : await listChunks(r.id);
  const firstTs = r.firstEventAt?.getTime() ?? null;
  const lastTs = r.lastEventAt?.getTime() ?? null;
  // Pages and markers are sealed with the recording's key; a purged recording has neither.
  const key = r.status !== "purged" && wrappedKey ? unwrapRecordingKey(r.id, wrappedKey) : null;
  // The open tail lives on the recording; what each batch settled, on its chunk.
  const settled = (key ? await db.chunk.findMany({ where: { recordingId: r.id, derived: { not: null } }, orderBy: { seq: "asc" }, select: { seq: true, derived: true } }) : []).map((c) =>
    openJson<{ markers: TMarker[]; pages: string[] }>({ key, recordingId: r.id, field: "derived", seq: c.seq, text: c.derived, fallback: { markers: [], pages: [] } }),
  );
  const open = openJson<TMarker[]>({ key, recordingId: r.id, field: "markers", text: r.markers, fallback: [] });
  const markers = assembleMarkers(settled.map((d) => d.markers), open, firstTs).map((m) => {
    const out: Partial<TMarker> = { ...m };
    for (const field of INTERNAL_MARKER_FIELDS) delete out[field];
    return out as TPublicMarker;
  });
  const pages = [...settled.flatMap((d) => d.pages), ...openJson<string[]>({ key, recordingId: r.id, field: "pages", text: r.pages, fallback: [] })];
  return {
    viewId: auditEntryId,
    recording: {
      id: r.id,
      status: r.status,
      ticket: { id: r.ticket.id, reference: r.ticket.externalId, source: r.ticket.source, subject: r.ticket.subject, status: r.ticket.status, preview: r.ticket.preview },
      linkId: r.linkId,
      startedAt: r.startedAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
      purgedAt: r.purgedAt?.toISOString() ?? null,
      purgeReason: r.purgeReason,
      firstEventAt: firstTs,
      lastEventAt: lastTs,
      durationMs: firstTs !== null && lastTs !== null ? Math.max(0, lastTs - firstTs) : 0,
      maxDurationMs: r.maxDurationMs,
      userAgent: r.userAgent,
      viewport: r.viewport,
      pages,
      privacy: parseJson<Record<string, unknown> | null>(r.privacy, null),
      eventCount: r.eventCount,
      chunkCount: r.chunkCount,
      storedBytes: r.storedBytes,
      markers,
    },
    chunks: chunks.map((c) => ({
      seq: c.seq,
      eventCount: c.eventCount,
      firstTs: Number(c.firstTs),
      lastTs: Number(c.lastTs),
      hasCheckpoint: c.hasCheckpoint,
      rawBytes: c.rawBytes,
    })),
  };
}

export type TRecordingDetail = Awaited<ReturnType<typeof getRecordingDetail>>;
export type TChunkInfo = TRecordingDetail["chunks"][number];
