import "server-only";
import type { Ticket } from "../db/models";
import { z } from "zod";
import type { TActor } from "../audit/append-audit";
import { appendAudit } from "../audit/append-audit";
import { writeTx, type Tx } from "../db";
import { ticketRef } from "./ticket-ref";

export const ZCreateTicketSchema = z.strictObject({
  source: z.string().trim().min(1).max(40).regex(/^[a-z0-9_-]+$/, "use lowercase letters, digits, - and _").default("manual"),
  externalId: z.string().trim().min(1).max(200),
  subject: z.string().trim().max(300).optional(),
});
export type TCreateTicket = z.infer<typeof ZCreateTicketSchema>;

type TCreateTicketOptions = { input: TCreateTicket; actor: TActor; assigneeId?: string; preview?: boolean; tx?: Tx };

/** Idempotent on (source, externalId): returns the existing ticket with `created: false`. */
export async function createTicket(opts: TCreateTicketOptions): Promise<{ ticket: Ticket; created: boolean }> {
  const { input, actor, assigneeId, preview = false, tx } = opts;
  if (!tx) return writeTx((tx) => createTicket({ ...opts, tx }));
  const existing = await tx.ticket.findUnique({
    where: { source_externalId: { source: input.source, externalId: input.externalId } },
  });
  if (existing) return { ticket: existing, created: false };
  const ticket = await tx.ticket.create({
    data: { source: input.source, externalId: input.externalId, subject: input.subject ?? null, assigneeId: assigneeId ?? null, preview },
  });
  await appendAudit(tx, { actor, action: "ticket.created", ticketId: ticket.id, ticketRef: ticketRef(ticket), ...(preview ? { details: { preview } } : {}) });
  return { ticket, created: true };
}
