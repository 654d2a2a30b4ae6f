import { z } from "zod";

/** rrweb's event types (rrweb `EventType`). */
export const EventType = {
  DomContentLoaded: 0,
  Load: 1,
  FullSnapshot: 2,
  IncrementalSnapshot: 3,
  Meta: 4,
  Custom: 5,
  Plugin: 6,
} as const;

/** rrweb's incremental sources (rrweb `IncrementalSource`) that Glimpse looks at. */
export const IncrementalSource = {
  Mutation: 0,
  MouseMove: 1,
  MouseInteraction: 2,
  Scroll: 3,
  ViewportResize: 4,
  Input: 5,
} as const;

/** The envelope every rrweb event has; the payload is checked where it is used. */
export const ZRrwebEvent = z.looseObject({
  type: z.number().int().min(0).max(6),
  timestamp: z.number().finite().nonnegative(),
  data: z.unknown(),
});
export type TRrwebEvent = z.infer<typeof ZRrwebEvent> & { data: any };

export const ZRrwebBatch = z.array(ZRrwebEvent).min(1).max(50_000);
