import { db } from "../db";
import { parseOrigins } from "../sites/site-origins";

/**
 * Before a grant is exchanged its site is unknown (a preflight has no body), so the preflight of
 * POST /api/recorder/sessions accepts the origins of every site; the POST itself checks the one.
 */
export async function anySiteOrigins(): Promise<string[]> {
  const sites = await db.site.findMany({ select: { allowedOrigins: true } });
  return [...new Set(sites.flatMap((s) => parseOrigins(s.allowedOrigins)))];
}

export async function recordingOrigins(recordingId: string): Promise<string[]> {
  const recording = await db.recording.findUnique({
    where: { id: recordingId },
    select: { site: { select: { allowedOrigins: true } } },
  });
  return recording ? parseOrigins(recording.site.allowedOrigins) : [];
}
