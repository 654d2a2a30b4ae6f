import "server-only";
import { db } from "../db";
import { env } from "../env";
import { normaliseOrigin, parseOrigins } from "../sites/site-origins";
import { canWatchRecording, type TViewer } from "./can-watch-recording";

/** For the replay CSP's font and image sources; never the console's own origin, which a forged stylesheet could make send credentialed GETs (docs/replay-security.md). */
export async function getReplayAssetOrigins(recordingId: string, viewer: TViewer): Promise<string[]> {
  const recording = await db.recording.findUnique({
    where: { id: recordingId },
    select: { site: { select: { allowedOrigins: true } }, ticket: { select: { assigneeId: true, preview: true } }, link: { select: { createdById: true } } },
  });
  // Only a viewer of the recording learns its site's origins (they are in the page's CSP header).
  if (!recording || !(await canWatchRecording({ viewer, recording }))) return [];
  const consoleOrigin = new URL(env().baseUrl).origin;
  const origins = parseOrigins(recording.site.allowedOrigins).map(normaliseOrigin);
  return [...new Set(origins.filter((o): o is string => o !== null && o !== consoleOrigin))];
}
