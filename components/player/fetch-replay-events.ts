import type { TRrwebEvent } from "@/lib/rrweb/types";
import { apiFetch } from "../api-fetch";
import { consoleUrlMatcher, neutralizeConsoleUrls } from "./neutralize-console-urls";
import { replayEventsPath } from "./plan-replay";

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

export const fetchReplayEvents: TFetchEvents = async (range) => prepareForReplay(await apiFetch<TRrwebEvent[]>(replayEventsPath(range)));
