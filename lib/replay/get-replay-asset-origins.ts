import { db } from "../db";
import { canWatchRecording, type TViewer } from "../recordings/can-watch-recording";
import { env } from "../env";
import { normaliseOrigin, parseOrigins } from "../sites/site-origins";

/**
 * The origins a recording's replay may load fonts and CSS images from: its own site's allowed
 * origins, as they are now. Never the console's own origin (the demo site lives there): a forged
 * stylesheet could then make the agent's browser send credentialed GETs to the console
 * (rrweb-notes §7). Each origin is normalised again, since it goes into a header.
 */
export async function getReplayAssetOrigins(recordingId: string, viewer: TViewer): Promise<string[]> {
  const recording = await db.recording.findUnique({
    where: { id: recordingId },
    select: { site: { select: { allowedOrigins: true } }, ticket: { select: { assigneeId: true } }, link: { select: { createdById: true } } },
  });
  // Only a viewer of the recording learns its site's origins (they are in the page's CSP header).
  if (!recording || !(await canWatchRecording(viewer, recording))) return [];
  const consoleOrigin = new URL(env().baseUrl).origin;
  const origins = parseOrigins(recording.site.allowedOrigins).map(normaliseOrigin);
  return [...new Set(origins.filter((o): o is string => o !== null && o !== consoleOrigin))];
}
