import type { TPreviewState } from "@/lib/previews/serialize-preview";

export const PREVIEW_STATE_LABELS: Record<TPreviewState, string> = {
  waiting: "waiting for you",
  recording: "recording",
  ready: "ready",
  purged: "deleted",
  ended: "ended, nothing recorded",
};
