import "server-only";
import { z } from "zod";

/** The envelope every rrweb event has; the payload is checked where it is used. */
export const ZRrwebEvent = z.looseObject({
  type: z.number().int().min(0).max(6),
  timestamp: z.number().finite().nonnegative(),
  data: z.unknown(),
});

export const ZRrwebBatch = z.array(ZRrwebEvent).min(1).max(50_000);
