import type { TRrwebEvent } from "@/lib/rrweb/types";
import { apiFetch } from "../api-fetch";
import { consoleUrlMatcher, neutralizeConsoleUrls } from "./neutralize-console-urls";

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

export type TFetchEvents = (range: { recordingId: string; viewId: number | null; fromSeq: number; toSeq: number }) => Promise<TRrwebEvent[]>;

export const fetchReplayEvents: TFetchEvents = async ({ recordingId, viewId, fromSeq, toSeq }) => {
  const query = new URLSearchParams({ fromSeq: String(fromSeq), toSeq: String(toSeq) });
  if (viewId !== null) query.set("view", String(viewId));
  return prepareForReplay(await apiFetch<TRrwebEvent[]>(`/api/v1/recordings/${encodeURIComponent(recordingId)}/events?${query}`));
};
