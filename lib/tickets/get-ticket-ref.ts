import "server-only";
import { db } from "../db";
import { ticketRef } from "./ticket-ref";

export async function getTicketRef(id: string): Promise<string | null> {
  const ticket = await db.ticket.findUnique({ where: { id }, select: { source: true, externalId: true } });
  return ticket ? ticketRef(ticket) : null;
}
