import { z } from "zod";
import { AppError, formatZodError } from "../errors";

/** What a helpdesk delivery means for Glimpse, whatever the helpdesk. */
export type TTicketEventKind = "created" | "resolved" | "reopened" | "deleted";

export type TTicketEvent = {
  kind: TTicketEventKind;
  source: string;
  externalId: string;
  subject?: string | null;
  /** When it happened at the helpdesk; null when the payload does not say. */
  occurredAt: Date | null;
  /** The value the helpdesk reported, kept in the delivery log (e.g. "SOLVED"). */
  status?: string | null;
};

export type TParsedDelivery = {
  /** The helpdesk's own name for the event, for the delivery log. */
  eventType: string;
  /** The helpdesk's delivery or event id, stable across retries, when it has one. */
  deliveryId: string | null;
  /** null when the event type is not one Glimpse acts on. */
  event: TTicketEvent | null;
};

/** Parses a helpdesk timestamp (ISO string, epoch seconds or epoch milliseconds). */
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

/** A payload that does not have the shape its event type promises is malformed: 400, not 422. */
export function parsePayload<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new AppError("bad_request", `Malformed ${what} payload: ${formatZodError(result.error)}`);
  }
  return result.data;
}

/** Ids arrive as numbers from some helpdesks and strings from others. */
export const ZExternalId = z.union([z.string().trim().min(1).max(200), z.number().int().nonnegative()]).transform(String);

/**
 * Looks a name from a payload up in a table of known names. Only the table's own entries count:
 * `__proto__`, `constructor` or `toString` as an event name must be unknown, not Object's.
 */
export function lookupName<V>(table: Readonly<Record<string, V>>, name: string | null | undefined): V | undefined {
  return typeof name === "string" && Object.hasOwn(table, name) ? table[name] : undefined;
}
