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

// The loader looks for this key. One value, one setItem: storage never holds a seq without its queue.
const KEY = "glimpse.session";
const OLD_QUEUE_KEY = "glimpse.queue";
// `recordingId:seq`: the last batch acknowledged while the stored queue was left as it was (rewriting it costs the page
// more than the batch did). A page that resumes leaves it and those before it out: sent again after later batches, one
// could mask differently on the server, and count as other content under a seq already stored.
const ACKED_KEY = "glimpse.acked";

export function loadState(): TStored | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    const value = raw ? JSON.parse(raw) : null;
    if (!value) return null;
    // Written by a recorder from before session and queue were one value.
    if (!value.session) return { session: value, queue: JSON.parse(sessionStorage.getItem(OLD_QUEUE_KEY) ?? "[]") };
    const stored = value as TStored;
    const [recordingId, seq] = (sessionStorage.getItem(ACKED_KEY) ?? "").split(":");
    if (recordingId === stored.session.recordingId && seq) stored.queue = stored.queue.filter((b) => b.seq > Number(seq));
    return stored;
  } catch {
    return null;
  }
}

// A batch is written again with every batch queued after it: its escaped form is worked out once.
const encoded = new WeakMap<TBatch, { body: string; json: string }>();
function encodeBatch(batch: TBatch) {
  let cached = encoded.get(batch);
  if (cached?.body !== batch.body) encoded.set(batch, (cached = { body: batch.body, json: JSON.stringify(batch.body) }));
  return `{"seq":${JSON.stringify(batch.seq)},"body":${cached.json}}`;
}

/** The same text as JSON.stringify({ session, queue }). */
export function saveState(session: TSession, queue: TBatch[]): boolean {
  try {
    sessionStorage.setItem(KEY, `{"session":${JSON.stringify(session)},"queue":[${queue.map(encodeBatch).join(",")}]}`);
    return true;
  } catch {
    return false;
  }
}

/** A small write in place of rewriting the queue: see ACKED_KEY. */
export function saveAcked(recordingId: string, seq: number) {
  try {
    sessionStorage.setItem(ACKED_KEY, `${recordingId}:${seq}`);
  } catch {}
}

export function clearSession() {
  try {
    sessionStorage.removeItem(ACKED_KEY);
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
