import type { TBadgeText } from "../lib/recorder-sessions/badge-text";
import type { TPrivacyConfig } from "../lib/recorder-sessions/contract";

export type TSession = {
  recordingId: string;
  uploadToken: string;
  expiresAt: string;
  seq: number;
  startedAt: number;
  maxDurationMs: number;
  privacy: TPrivacyConfig;
  ticketRef: string;
  badge?: TBadgeText;
  apiBase: string;
  /** Set once the customer pressed Finish or Delete, so a navigation completes the request. */
  ending?: "finish" | "withdraw";
};

export type TBatch = { seq: number; body: string };

export type TStored = { session: TSession; queue: TBatch[] };

// The loader looks for this key: the session, and the seqs of its queued batches.
const KEY = "glimpse.session";
// Each queued batch under a key of its own, written once, before the session value that counts it (storage never holds a
// seq without its batch), and removed once acknowledged. Rewriting every queued batch with each new one, escaped
// again as JSON, was the largest cost Glimpse added to rrweb's on a busy page.
const BATCH_KEY = "glimpse.batch.";
// Written by earlier recorders: the queue in its own key, or inside the session value with an acknowledged-up-to mark.
const OLD_QUEUE_KEY = "glimpse.queue";
const ACKED_KEY = "glimpse.acked";

// What storage holds of each queued batch, as this page last wrote or read it; and whether an old mark is left.
let written = new Map<number, string>();
let ackedMark = false;

export function loadState(): TStored | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    const value = raw ? JSON.parse(raw) : null;
    if (!value) return null;
    if (!value.session) return { session: value, queue: JSON.parse(sessionStorage.getItem(OLD_QUEUE_KEY) ?? "[]") };
    const { session, queue } = value as { session: TSession; queue: (number | TBatch)[] };
    written = new Map();
    const batches: TBatch[] = [];
    for (const item of queue) {
      if (typeof item !== "number") batches.push(item);
      else {
        const body = sessionStorage.getItem(BATCH_KEY + item);
        // No body: acknowledged, and removed.
        if (body !== null) batches.push({ seq: item, body }), written.set(item, body);
      }
    }
    const mark = sessionStorage.getItem(ACKED_KEY);
    ackedMark = mark !== null;
    const [recordingId, seq] = (mark ?? "").split(":");
    return { session, queue: recordingId === session.recordingId && seq ? batches.filter((b) => b.seq > Number(seq)) : batches };
  } catch {
    return null;
  }
}

/**
 * Removes the batches no longer queued (acknowledged or dropped: they free their room first), writes those storage does
 * not hold yet, then the session; false when storage refused (the stored session does not count them then).
 */
export function saveState(session: TSession, queue: TBatch[]): boolean {
  for (const seq of written.keys()) if (!queue.some((b) => b.seq === seq)) forgetBatch(seq);
  try {
    for (const b of queue) {
      if (written.get(b.seq) !== b.body) sessionStorage.setItem(BATCH_KEY + b.seq, b.body), written.set(b.seq, b.body);
    }
    sessionStorage.setItem(KEY, JSON.stringify({ session, queue: queue.map((b) => b.seq) }));
  } catch {
    return false;
  }
  // The queue now says what is left to send: an old recorder's mark would only mislead.
  if (ackedMark) clearAckedMark();
  return true;
}

/** An acknowledged batch leaves storage; the session value, which still counts it, is not written again for that. */
export function forgetBatch(seq: number) {
  written.delete(seq);
  try {
    sessionStorage.removeItem(BATCH_KEY + seq);
  } catch {}
}

function clearAckedMark() {
  ackedMark = false;
  try {
    sessionStorage.removeItem(ACKED_KEY);
  } catch {}
}

export function clearSession() {
  written = new Map();
  clearAckedMark();
  try {
    const keys: string[] = [];
    for (let i = 0; i < sessionStorage.length; i++) keys.push(sessionStorage.key(i)!);
    for (const key of keys) if (key.startsWith(BATCH_KEY)) sessionStorage.removeItem(key);
    sessionStorage.removeItem(KEY);
    sessionStorage.removeItem(OLD_QUEUE_KEY);
  } catch {}
}

/** Takes `glimpse=<grant>` off the fragment, after any separator: a hash router may have moved it. */
export function takeGrant(hash: string): { grant: string | null; rest: string } {
  const match = /([#/?&])glimpse=([A-Za-z0-9_-]+)(&?)/.exec(hash);
  if (!match) return { grant: null, rest: hash };
  const [whole, before, grant, after] = match as unknown as [string, string, string, string];
  // One separator stays: the one before, unless the grant ended a query ("?…" or "&…").
  const keep = after || before === "#" || before === "/" ? before : "";
  const rest = hash.replace(whole, keep);
  return { grant, rest: rest === "#" ? "" : rest };
}
