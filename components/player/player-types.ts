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
};

export const MARKER_LABELS: Record<TMarker["kind"], string> = {
  navigation: "Page",
  click: "Click",
  "rage-click": "Rage click",
  "dead-click": "Dead click",
  "console-error": "Console error",
  "network-error": "Network error",
};
