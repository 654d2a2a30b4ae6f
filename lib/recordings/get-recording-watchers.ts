import "server-only";
import { db } from "../db";

const ACCESS_ACTIONS = ["recording.viewed", "recording.exported", "recording.live_watched"];

export async function getRecordingWatchers(recordingId: string, limit = 50) {
  const entries = await db.auditEntry.findMany({
    where: { recordingId, action: { in: ACCESS_ACTIONS } },
    orderBy: { id: "desc" },
    take: limit,
    select: { id: true, createdAt: true, actorType: true, actorLabel: true, action: true },
  });
  return entries.map((e) => ({
    id: e.id,
    at: e.createdAt.toISOString(),
    who: e.actorLabel ?? e.actorType,
    action: e.action,
  }));
}
