// recorder/ bundles this file: types, plain constants and type-only imports only, so nothing else reaches the browser.
import type { TPrivacyConfig } from "../privacy/privacy-rules";
import type { TBadgeText } from "./badge-text";

export type { TPrivacyConfig };

/** 201 from POST /api/recorder/sessions. */
export type TStartSessionResponse = {
  recordingId: string;
  uploadToken: string;
  expiresAt: string;
  startedAt: string;
  maxDurationMs: number;
  privacy: TPrivacyConfig;
  ticket: { reference: string };
  operatorName: string;
  /** Of the consent page the customer accepted on; `badge` holds the badge's words in it. */
  language: "en" | "fr";
  badge: TBadgeText;
};

/** 200 from POST /api/recorder/sessions/:id/events; `flushMs` is the pace the server asks for. */
export type TBatchAck = { seq: number; duplicate: boolean; nextSeq: number; flushMs: number };

export const FLUSH_MS = 5_000;
/** While an agent follows the recording live. */
export const LIVE_FLUSH_MS = 1_000;
// A still page emits nothing, and the sweeper ends a recording that uploads nothing for 5 minutes.
export const ALIVE_EVERY_MS = 60_000;

// Enums rather than consts: esbuild inlines their strings, so the recorder carries no extra names.
export enum RecorderHeader {
  Seq = "x-glimpse-seq",
}

/** The custom events the recorder emits; the server keeps no others. */
export enum CustomTag {
  Nav = "glimpse/nav",
  Network = "glimpse/network",
  Alive = "glimpse/alive",
  Stopped = "glimpse/stopped",
}

export const STOP_REASONS = ["max_duration", "mutation_limit", "storage_full"] as const;
export type TStopReason = (typeof STOP_REASONS)[number];
