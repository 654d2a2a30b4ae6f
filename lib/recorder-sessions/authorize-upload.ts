import { safeEqual, sha256Hex } from "../crypto";
import { db } from "../db";
import { AppError } from "../errors";
import { parseOrigins } from "../sites/site-origins";
import { anySiteOrigins } from "./recorder-origins";
import type { TOriginCheck } from "./recorder-route";

const INVALID = "The upload token is not valid for this recording.";

/**
 * Checks the upload token, then the Origin against the recording's site. Until the token
 * matches, the recording's own site is not consulted: an unknown id, a wrong token and another
 * recording's token get the same answer (401, readable by any site's origin; 403 for an origin
 * no site allows), so ids cannot be probed.
 */
export async function authorizeUpload(req: Request, recordingId: string, assertOrigin: TOriginCheck, now = new Date()) {
  const recording = await db.recording.findUnique({
    where: { id: recordingId },
    omit: { uploadTokenHash: false },
    include: { site: { select: { allowedOrigins: true } } },
  });
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "");
  const valid = !!match && !!recording?.uploadTokenHash && safeEqual(sha256Hex(match[1]!), recording.uploadTokenHash);
  if (!recording || !valid) {
    assertOrigin(await anySiteOrigins());
    throw new AppError("unauthorized", match ? INVALID : "Send the upload token as 'Authorization: Bearer <token>'.");
  }
  assertOrigin(parseOrigins(recording.site.allowedOrigins));
  const { uploadTokenHash: _hash, site: _site, ...rest } = recording;
  if (!recording.uploadTokenExpiresAt || recording.uploadTokenExpiresAt <= now) {
    throw new AppError("unauthorized", "The upload token has expired.");
  }
  return rest;
}

export type TAuthorizedRecording = Awaited<ReturnType<typeof authorizeUpload>>;
