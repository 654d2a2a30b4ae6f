import "server-only";
import { z } from "zod";
import { AppError, formatZodError } from "../../errors";
import type { TTicketEventKind } from "../../tickets/apply-ticket-event";

/** Glimpse's own event names, for senders that template their body (generic, Freshdesk). */
export const TICKET_EVENT_NAMES: Record<string, TTicketEventKind> = {
  "ticket.created": "created",
  "ticket.resolved": "resolved",
  "ticket.reopened": "reopened",
  "ticket.deleted": "deleted",
  "ticket.recording_requested": "recording_requested",
};

/** The tag or label that asks Glimpse for a recording, in every helpdesk that has tags or labels. */
export const RECORD_TAG = "glimpse-record";

/** A helpdesk timestamp: ISO string, epoch seconds or epoch milliseconds; null when absent or unusable. */
export function parseEventTime(value: unknown): Date | null {
  if (value === null || value === undefined || value === "") return null;
  let date: Date;
  if (typeof value === "number") {
    date = new Date(value < 1e11 ? value * 1000 : value);
  } else if (typeof value === "string") {
    date = /^\d+(\.\d+)?$/.test(value) ? new Date(Number(value) < 1e11 ? Number(value) * 1000 : Number(value)) : new Date(value);
  } else {
    return null;
  }
  // Times the database cannot store, or that no helpdesk could mean, count as "no time given".
  const t = date.getTime();
  return Number.isNaN(t) || t < Date.UTC(1970, 0, 1) || t > Date.UTC(9999, 11, 30) ? null : date;
}

/** Checks a payload against the shape its event type promises; a mismatch is malformed: 400, not 422. */
export function payloadParser<S extends z.ZodType>(schema: S, what: string) {
  return (value: unknown): z.infer<S> => {
    const result = schema.safeParse(value);
    if (!result.success) throw new AppError("bad_request", `Malformed ${what} payload: ${formatZodError(result.error)}`);
    return result.data;
  };
}

/** Ids arrive as numbers from some helpdesks and strings from others. */
export const ZExternalId = z.union([z.string().trim().min(1).max(200), z.number().int().nonnegative()]).transform(String);

/** Only the table's own entries count: `__proto__` or `toString` from a payload must be unknown, not Object's. */
export function lookupName<V>(table: Readonly<Record<string, V>>, name: string | null | undefined): V | undefined {
  return typeof name === "string" && Object.hasOwn(table, name) ? table[name] : undefined;
}
