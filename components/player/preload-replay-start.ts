import { preload } from "react-dom";
import { firstRangeFor, replayEventsPath, startTsFor } from "./plan-replay";
import type { TPlayerProps } from "./player-types";

/**
 * Puts the player's first request in the page's <head>, so the browser starts it with the HTML
 * instead of after the scripts and the player have loaded. Same URL and mode as fetchReplayEvents,
 * which then takes the preloaded answer; the request is checked and audited like any other.
 */
export function preloadReplayStart({ recordingId, viewId, chunks, firstTs, lastTs, startAt = null }: Omit<TPlayerProps, "markers">) {
  const ts = startTsFor(chunks, { firstTs, lastTs }, startAt === null ? undefined : firstTs + startAt);
  const range = ts === null ? null : firstRangeFor(chunks, ts);
  if (range) preload(replayEventsPath({ recordingId, viewId, ...range }), { as: "fetch", crossOrigin: "anonymous" });
}
