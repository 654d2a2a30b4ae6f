import { writeTx } from "../db";
import { AppError, formatZodError } from "../errors";
import { parsePrivacyConfig } from "../privacy/privacy-config";
import { remaskEvents } from "./remask-events";
import { storeChunk, type TStoreChunkResult } from "../recordings/store-chunk";
import { ZRrwebBatch } from "./batch-schema";
import { sanitizeEvents } from "./sanitize-events";
import type { TAuthorizedRecording } from "../recorder-sessions/authorize-upload";
import { finishRecording } from "../recorder-sessions/finish-recording";

/** Uploads may trail the recorder's own stop by this much (a batch in flight, a slow network). */
export const MAX_DURATION_SLACK_MS = 60_000;

/**
 * The recorder uploads every 5 s, and every second while an agent follows the recording live, so
 * the agent sees changes within about a second and a half. The live view's heartbeat lasts this long.
 */
export const FLUSH_MS = 5_000;
export const LIVE_FLUSH_MS = 1_000;
const LIVE_HEARTBEAT_VALID_MS = 10_000;

export function flushIntervalFor(recording: { liveWatchedAt: Date | null }, now = new Date()) {
  const watched = recording.liveWatchedAt && now.getTime() - recording.liveWatchedAt.getTime() < LIVE_HEARTBEAT_VALID_MS;
  return watched ? LIVE_FLUSH_MS : FLUSH_MS;
}

export function parseSeqHeader(value: string | null): number {
  if (value === null || !/^\d{1,9}$/.test(value.trim())) {
    throw new AppError("bad_request", "X-Glimpse-Seq must be a whole number from 0.");
  }
  return Number(value.trim());
}

/**
 * Event timestamps come from the customer's clock, which may be somewhat off. They are accepted
 * from a day before the recording started (server time) to a day after now; anything outside is
 * not a time this recording can have (0, year 10000, …), would break the recording's dates and
 * the replay's timeline, and the whole batch is refused with 422. The window only widens with
 * time, so a batch accepted once is accepted again when it is retried.
 */
export const CLOCK_SKEW_MS = 24 * 60 * 60_000;

export function timestampWindow(recording: { startedAt: Date }, now: Date) {
  return { min: recording.startedAt.getTime() - CLOCK_SKEW_MS, max: now.getTime() + CLOCK_SKEW_MS };
}

/** Real pages nest a few dozen levels; a hostile batch nested deeper would overflow the stack later. */
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

/**
 * Validates one batch, masks it again under the recording's privacy snapshot, strips what could
 * act in the replay frame, and stores it at `seq`. Nothing is stored unless every step passes.
 */
export async function ingestBatch(
  recording: TAuthorizedRecording,
  seq: number,
  body: string,
  now = new Date(),
): Promise<TStoreChunkResult & { flushMs: number }> {
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

  const events = sanitizeEvents(remaskEvents(parsed.data, parsePrivacyConfig(recording.privacy)));
  if (events.length === 0) {
    throw new AppError("unprocessable_entity", "The batch holds no event that Glimpse records.");
  }
  const stored = await writeTx((tx) => storeChunk(tx, recording.id, seq, events), { maxWait: 20_000, timeout: 20_000 });
  return { ...stored, flushMs: flushIntervalFor(recording, now) };
}
