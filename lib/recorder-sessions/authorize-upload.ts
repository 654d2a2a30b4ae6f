import { safeEqual, sha256Hex } from "../crypto";
import { db } from "../db";
import { AppError } from "../errors";
import { parseOrigins } from "../sites/site-origins";
import type { TOriginCheck } from "./recorder-route";

const INVALID = "The upload token is not valid for this recording.";

/**
 * Checks the Origin against the recording's site, then the upload token. An unknown recording
 * and a token of another recording get the same answer, so ids cannot be probed.
 */
export async function authorizeUpload(req: Request, recordingId: string, assertOrigin: TOriginCheck, now = new Date()) {
  const recording = await db.recording.findUnique({
    where: { id: recordingId },
    omit: { uploadTokenHash: false },
    include: { site: { select: { allowedOrigins: true } } },
  });
  if (!recording) throw new AppError("unauthorized", INVALID);
  assertOrigin(parseOrigins(recording.site.allowedOrigins));

  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "");
  if (!match) throw new AppError("unauthorized", "Send the upload token as 'Authorization: Bearer <token>'.");
  const { uploadTokenHash, site: _site, ...rest } = recording;
  if (!uploadTokenHash || !safeEqual(sha256Hex(match[1]!), uploadTokenHash)) throw new AppError("unauthorized", INVALID);
  if (!recording.uploadTokenExpiresAt || recording.uploadTokenExpiresAt <= now) {
    throw new AppError("unauthorized", "The upload token has expired.");
  }
  return rest;
}

export type TAuthorizedRecording = Awaited<ReturnType<typeof authorizeUpload>>;
