import { consoleUrlMatcher, neutralizeConsoleUrls } from "@/lib/replay/neutralize-console-urls";
import type { TRrwebEvent } from "@/lib/replay/rrweb-event";

let matcher: ReturnType<typeof consoleUrlMatcher> | undefined;

/** Makes events from the server safe to hand to rrweb in this page (see neutralize-console-urls). */
export function prepareForReplay(events: TRrwebEvent[]): TRrwebEvent[] {
  matcher ??= consoleUrlMatcher(window.location.origin, window.location.href);
  const out: TRrwebEvent[] = [];
  for (const event of events) {
    const safe = neutralizeConsoleUrls(event, matcher);
    if (safe) out.push(safe);
  }
  return out;
}

export async function fetchReplayEvents(recordingId: string, fromSeq: number, toSeq: number, viewId: number | null, signal?: AbortSignal) {
  const query = new URLSearchParams({ fromSeq: String(fromSeq), toSeq: String(toSeq) });
  if (viewId !== null) query.set("view", String(viewId));
  const res = await fetch(`/api/v1/recordings/${encodeURIComponent(recordingId)}/events?${query}`, {
    credentials: "same-origin",
    cache: "no-store",
    signal,
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `The server answered ${res.status}.`);
  }
  return prepareForReplay((await res.json()) as TRrwebEvent[]);
}
