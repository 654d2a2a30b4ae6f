import "server-only";
import { safeEqual, sha256Hex } from "../crypto";
import { db } from "../db";
import { readUploadRow, type TUploadRow } from "../db/upload-rows";
import { AppError } from "../errors";
import { parseOrigins } from "../sites/site-origins";
import { anySiteOrigins } from "./recorder-origins";

type TUploadCredentials = { recordingId: string; uploadToken: string | null };

async function findByUploadToken({ recordingId, uploadToken }: TUploadCredentials) {
  const recording = await db.recording.findUnique({
    where: { id: recordingId },
    omit: { uploadTokenHash: false },
    include: { site: { select: { allowedOrigins: true } } },
  });
  const valid = !!uploadToken && !!recording?.uploadTokenHash && safeEqual(sha256Hex(uploadToken), recording.uploadTokenHash);
  return valid ? recording : null;
}

// The recording's own site is consulted only once the token matches: an unknown id or a wrong token answers alike, so ids cannot be probed.
export async function uploadOrigins(credentials: TUploadCredentials): Promise<string[]> {
  const recording = await findByUploadToken(credentials);
  return recording ? parseOrigins(recording.site.allowedOrigins) : anySiteOrigins();
}

/** The recording an upload token opens, or 401. */
export async function authorizeUpload({ now = new Date(), ...credentials }: TUploadCredentials & { now?: Date }) {
  const recording = await findByUploadToken(credentials);
  if (!recording) {
    throw new AppError("unauthorized", credentials.uploadToken ? "The upload token is not valid for this recording." : "Send the upload token as 'Authorization: Bearer <token>'.");
  }
  if (!recording.uploadTokenExpiresAt || recording.uploadTokenExpiresAt <= now) {
    throw new AppError("unauthorized", "The upload token has expired.");
  }
  const { uploadTokenHash: _hash, site: _site, ...rest } = recording;
  return rest;
}

export type TAuthorizedRecording = Awaited<ReturnType<typeof authorizeUpload>>;

export type TUploadTarget = Pick<TAuthorizedRecording, "id" | "privacy" | "startedAt" | "maxDurationMs" | "nextSeq" | "liveWatchedAt">;

/**
 * The whole upload check in one read: the origins its CORS answer may name, and either the
 * recording (with its row, for storeChunk) or the 401 to answer once the origin is settled.
 */
export async function resolveUpload({ now = new Date(), ...credentials }: TUploadCredentials & { now?: Date }): Promise<
  { origins: string[]; recording: TUploadTarget; row: TUploadRow; error?: undefined } | { origins: string[]; error: AppError }
> {
  const row = await readUploadRow(credentials.recordingId);
  const { uploadToken } = credentials;
  if (!uploadToken || !row?.uploadTokenHash || !safeEqual(sha256Hex(uploadToken), row.uploadTokenHash)) {
    const message = uploadToken ? "The upload token is not valid for this recording." : "Send the upload token as 'Authorization: Bearer <token>'.";
    return { origins: await anySiteOrigins(), error: new AppError("unauthorized", message) };
  }
  const origins = parseOrigins(row.allowedOrigins);
  if (!row.uploadTokenExpiresAt || row.uploadTokenExpiresAt <= now) return { origins, error: new AppError("unauthorized", "The upload token has expired.") };
  return { origins, recording: row, row };
}
