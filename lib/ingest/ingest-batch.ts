import "server-only";
import { AppError, formatZodError } from "../errors";
import { parsePrivacyConfig } from "../privacy/privacy-config";
import { domContextFor } from "./dom-context-for";
import { remaskEvents } from "./remask-events";
import { storeChunk } from "../recordings/store-chunk";
import { ZRrwebBatch } from "./batch-schema";
import { sanitizeEvents } from "./sanitize-events";
import type { TUploadRow } from "../db/upload-rows";
import type { TUploadTarget } from "../recorder-sessions/authorize-upload";
import type { TBatchAck } from "../recorder-sessions/contract";
import { FLUSH_MS, LIVE_FLUSH_MS } from "../recorder-sessions/contract";
import { finishRecording } from "../recorder-sessions/finish-recording";

// Uploads may trail the recorder's own stop by this much (a batch in flight, a slow network).
export const MAX_DURATION_SLACK_MS = 60_000;
const LIVE_HEARTBEAT_VALID_MS = 10_000;

export function flushIntervalFor(recording: { liveWatchedAt: Date | null }, now = new Date()) {
  const watched = recording.liveWatchedAt && now.getTime() - recording.liveWatchedAt.getTime() < LIVE_HEARTBEAT_VALID_MS;
  return watched ? LIVE_FLUSH_MS : FLUSH_MS;
}

// Clocks may be off by a day, not more: 0 or the year 10000 would break the recording's dates. The window only widens, so a retry is accepted again.
export const CLOCK_SKEW_MS = 24 * 60 * 60_000;

export function timestampWindow(recording: { startedAt: Date }, now: Date) {
  return { min: recording.startedAt.getTime() - CLOCK_SKEW_MS, max: now.getTime() + CLOCK_SKEW_MS };
}

// Real pages nest a few dozen levels; a hostile batch nested deeper would overflow the stack later.
const MAX_JSON_DEPTH = 1000;

function exceedsDepth(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > limit) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}

/** Masks again under the recording's privacy snapshot and strips what could act in the replay frame; nothing is stored unless every step passes. */
export async function ingestBatch({
  recording,
  row,
  seq,
  body,
  now = new Date(),
}: {
  recording: TUploadTarget;
  /** As the upload's check read it: spares storeChunk a read. */
  row?: TUploadRow;
  seq: number;
  body: string;
  now?: Date;
}): Promise<TBatchAck> {
  if (exceedsDepth(body, MAX_JSON_DEPTH)) throw new AppError("unprocessable_entity", "The batch is nested too deeply.");
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new AppError("bad_request", "The batch is not valid JSON.");
  }
  const parsed = ZRrwebBatch.safeParse(value);
  if (!parsed.success) {
    throw new AppError("unprocessable_entity", `The batch must be an array of rrweb events: ${formatZodError(parsed.error)}`);
  }
  const { min, max } = timestampWindow(recording, now);
  if (parsed.data.some((e) => e.timestamp < min || e.timestamp > max)) {
    throw new AppError("unprocessable_entity", "An event's timestamp is not a plausible time for this recording (check the device's clock).");
  }

  const endsAt = recording.startedAt.getTime() + recording.maxDurationMs + MAX_DURATION_SLACK_MS;
  if (seq >= recording.nextSeq && now.getTime() > endsAt) {
    await finishRecording({ recordingId: recording.id, reason: "max_duration", now });
    throw new AppError("gone", "The recording reached its maximum length and has ended.");
  }

  const events = sanitizeEvents(remaskEvents(parsed.data, parsePrivacyConfig(recording.privacy), domContextFor(recording.id, seq, recording.nextSeq)));
  if (events.length === 0) {
    throw new AppError("unprocessable_entity", "The batch holds no event that Glimpse records.");
  }
  const stored = await storeChunk({ recordingId: recording.id, seq, events, row });
  return { ...stored, flushMs: flushIntervalFor(recording, now) };
}
