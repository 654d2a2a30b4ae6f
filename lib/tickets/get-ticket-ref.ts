import "server-only";
import { db } from "../db";
import { ticketRef } from "./ticket-ref";

/** For page titles: the reference alone, or null for an unknown id. */
export async function getTicketRef(id: string): Promise<string | null> {
  const ticket = await db.ticket.findUnique({ where: { id }, select: { source: true, externalId: true } });
  return ticket ? ticketRef(ticket) : null;
}
