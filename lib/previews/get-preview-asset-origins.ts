import "server-only";
import { db } from "../db";
import type { TViewer } from "../recordings/can-watch-recording";
import { getReplayAssetOrigins } from "../recordings/get-replay-asset-origins";

/** The preview page replays a recording too, so its CSP takes the same site origins as the recording's own page. */
export async function getPreviewAssetOrigins(previewId: string, viewer: TViewer): Promise<string[]> {
  if (viewer.role !== "admin") return [];
  const recording = await db.recording.findFirst({ where: { ticketId: previewId, ticket: { preview: true } }, select: { id: true } });
  return recording ? getReplayAssetOrigins(recording.id, viewer) : [];
}
