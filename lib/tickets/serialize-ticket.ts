import "server-only";
import type { TicketStatus } from "../db/models";
import { ticketRef } from "./ticket-ref";

type TTicketRow = {
  id: string;
  source: string;
  externalId: string;
  subject: string | null;
  status: TicketStatus;
  assigneeId: string | null;
  resolvedAt: Date | null;
  purgeDueAt: Date | null;
  preview: boolean;
  createdAt: Date;
  updatedAt: Date;
};

export function serializeTicket(t: TTicketRow) {
  return {
    id: t.id,
    source: t.source,
    externalId: t.externalId,
    ref: ticketRef(t),
    subject: t.subject,
    status: t.status,
    assigneeId: t.assigneeId,
    resolvedAt: t.resolvedAt?.toISOString() ?? null,
    purgeDueAt: t.purgeDueAt?.toISOString() ?? null,
    preview: t.preview,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

export type TTicketView = ReturnType<typeof serializeTicket>;
