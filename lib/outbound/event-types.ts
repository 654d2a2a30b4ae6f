// No "server-only": the settings page lists the types too.
export const OUTBOUND_EVENT_TYPES = [
  "link.created",
  "consent.accepted",
  "consent.declined",
  "recording.started",
  "recording.finished",
  "recording.purged",
] as const;

export type TOutboundEventType = (typeof OUTBOUND_EVENT_TYPES)[number];
