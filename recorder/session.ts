/** The privacy configuration the server hands out with a session (lib/privacy/privacy-config.ts). */
export type TPrivacy = {
  preset: "strict" | "balanced";
  maskAllText: boolean;
  maskAllInputs: true;
  maskTextSelector: string;
  blockSelector: string;
  unmaskTextSelector: string | null;
  maskAttributes: string[];
  alwaysMaskInputSelector: string;
  console: { levels: ("error" | "warn")[]; maskText: boolean };
  network: { captureFailed: true; slowMs: number; includeQuery: false };
};

export type TSession = {
  recordingId: string;
  uploadToken: string;
  expiresAt: string;
  /** The seq the next batch will get. */
  seq: number;
  startedAt: number;
  maxDurationMs: number;
  privacy: TPrivacy;
  ticketRef: string;
  apiBase: string;
  /** Set once the customer pressed Finish or Delete, so a navigation completes the request. */
  ending?: "finish" | "withdraw";
};

export type TBatch = { seq: number; body: string };

const SESSION_KEY = "glimpse.session";
const QUEUE_KEY = "glimpse.queue";

function read<T>(key: string): T | null {
  try {
    const raw = sessionStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

function write(key: string, value: unknown) {
  try {
    sessionStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the recording goes on from memory, only navigation loses it.
  }
}

export const loadSession = () => read<TSession>(SESSION_KEY);
export const saveSession = (session: TSession) => write(SESSION_KEY, session);
export const loadQueue = () => read<TBatch[]>(QUEUE_KEY) ?? [];
export const saveQueue = (queue: TBatch[]) => write(QUEUE_KEY, queue);

export function clearSession() {
  try {
    sessionStorage.removeItem(SESSION_KEY);
    sessionStorage.removeItem(QUEUE_KEY);
  } catch {
    // nothing to clear
  }
}

/** Takes `glimpse=<grant>` off the fragment, keeping whatever else the fragment held. */
export function takeGrant(hash: string): { grant: string | null; rest: string } {
  const match = /(?:^#|&)glimpse=([A-Za-z0-9_-]+)/.exec(hash);
  if (!match) return { grant: null, rest: hash };
  const rest = hash.replace(match[0], match[0].startsWith("&") ? "" : "#").replace(/^#&/, "#");
  return { grant: match[1]!, rest: rest === "#" ? "" : rest };
}
