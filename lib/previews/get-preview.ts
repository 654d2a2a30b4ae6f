import "server-only";
import type { TStaffActor } from "../audit/actor";
import { db } from "../db";
import { AppError } from "../errors";
import { getRecordingDetail } from "../recordings/get-recording-detail";
import { readAllEvents } from "../recordings/read-events";
import { listVisibleTexts } from "./list-visible-texts";
import { PREVIEW_INCLUDE, serializePreview } from "./serialize-preview";

/** Once the recording has finished: its replay (an audited view, as any recording) and what it holds in clear. */
export async function getPreview({ siteId, previewId, actor, now = new Date() }: { siteId: string; previewId: string; actor: TStaffActor; now?: Date }) {
  if (actor.role !== "admin") throw new AppError("not_found", "No such preview.");
  const row = await db.ticket.findFirst({ where: { id: previewId, preview: true, links: { some: { siteId } } }, include: PREVIEW_INCLUDE });
  if (!row) throw new AppError("not_found", "No such preview.");
  const preview = serializePreview(row, now);
  if (preview.state !== "ready" || !preview.recording) return { preview, detail: null, visible: null };
  const detail = await getRecordingDetail({ actor, recordingId: preview.recording.id, audit: "recording.viewed", includePurged: true });
  if (detail.recording.status === "purged") return { preview: { ...preview, state: "purged" as const }, detail: null, visible: null };
  return { preview, detail, visible: listVisibleTexts(await readAllEvents(preview.recording.id)) };
}

export type TPreviewDetail = Awaited<ReturnType<typeof getPreview>>;
