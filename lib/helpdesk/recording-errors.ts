import "server-only";
import type { TMarker } from "../ingest/derive-recording-info";
import { unwrapRecordingKey } from "../recordings/recording-key";
import { openJson } from "../recordings/sealed-json";

export type TRecordingErrors = { consoleErrors: number; networkErrors: number; firstErrorMs: number | null };

/** Counts and the offset of the first error marker only: the markers' labels never leave this function. */
export function recordingErrors(r: { id: string; wrappedKey: Uint8Array | null; markers: string }): TRecordingErrors {
  let markers: TMarker[] = [];
  if (r.wrappedKey) {
    try {
      markers = openJson<TMarker[]>({ key: unwrapRecordingKey(r.id, r.wrappedKey), recordingId: r.id, field: "markers", text: r.markers, fallback: [] });
    } catch {
      markers = [];
    }
  }
  const errors = markers.filter((m) => m.kind === "console-error" || m.kind === "network-error");
  return {
    consoleErrors: errors.filter((m) => m.kind === "console-error").length,
    networkErrors: errors.filter((m) => m.kind === "network-error").length,
    firstErrorMs: errors.length ? Math.min(...errors.map((m) => m.offsetMs)) : null,
  };
}
