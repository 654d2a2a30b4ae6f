// A moment of a recording in a console link: /recordings/:id?t=1m23s (also 83s, 83 or 1h2m3s).

const MOMENT = /^(?:(\d{1,3})h)?(?:(\d{1,4})m)?(?:(\d{1,6})s?)?$/;

/** Milliseconds from the recording's start, or null for anything that is not a moment. */
export function parseMoment(t: string | null | undefined): number | null {
  if (!t) return null;
  const m = MOMENT.exec(t.trim());
  if (!m || (m[1] ?? m[2] ?? m[3]) === undefined) return null;
  return ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
}

/** "1m23s", "45s", "1h2m0s": whole seconds, rounded down. */
export function formatMoment(offsetMs: number): string {
  const total = Math.max(0, Math.floor(offsetMs / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}h${m}m${s}s` : m > 0 ? `${m}m${s}s` : `${s}s`;
}

/** The console link that opens the player at that moment. */
export function momentUrl(baseUrl: string, recordingId: string, offsetMs: number): string {
  return `${baseUrl.replace(/\/+$/, "")}/recordings/${encodeURIComponent(recordingId)}?t=${formatMoment(offsetMs)}`;
}

/**
 * The moment a link to an event opens at: the first whole second at or after it, so the replay
 * already shows what the event did (a link rounded down would open just before an error).
 */
export function eventMoment(offsetMs: number): number {
  return Math.max(0, Math.ceil(offsetMs / 1000) * 1000);
}
