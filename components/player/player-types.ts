import type { TMarker } from "@/lib/ingest/derive-recording-info";
import type { TPublicMarker } from "@/lib/recordings/get-recording-detail";
import type { TChunkRef } from "./plan-replay";

export type TPlayerMarker = TPublicMarker;

export type TPlayerProps = {
  recordingId: string;
  /** The audit entry of this page view; the player's page reads name it. */
  viewId: number | null;
  chunks: TChunkRef[];
  firstTs: number;
  lastTs: number;
  markers: TPlayerMarker[];
  /** A link's moment (ms from the start): the player opens paused there instead of playing from the start. */
  startAt?: number | null;
  /** "Copy link to this moment" and a link on every row: on the recording's own page, not in a privacy preview. */
  momentLinks?: boolean;
};

export const MARKER_LABELS: Record<TMarker["kind"], string> = {
  navigation: "Page",
  click: "Click",
  "rage-click": "Rage click",
  "dead-click": "Dead click",
  "console-error": "Console error",
  "network-error": "Network error",
};
