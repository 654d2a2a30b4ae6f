import "server-only";
import { z } from "zod";
import { db } from "../db";

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const ZListAuditQuery = z.strictObject({
  ticketId: z.preprocess(blankToUndefined, z.string().trim().min(1).max(200).optional()),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  /** Cursor: entries with an id below this one (the page after `nextBefore`). */
  before: z.coerce.number().int().min(1).optional(),
});
export type TListAuditQuery = z.input<typeof ZListAuditQuery>;

/** Newest first. `ticketId` also accepts a ticket reference such as `zendesk:1234`. */
export async function listAuditEntries(raw: TListAuditQuery = {}) {
  const { ticketId, limit, before } = ZListAuditQuery.parse(raw);
  const rows = await db.auditEntry.findMany({
    where: {
      ...(ticketId ? { OR: [{ ticketId }, { ticketRef: ticketId }] } : {}),
      ...(before ? { id: { lt: before } } : {}),
    },
    orderBy: { id: "desc" },
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  return {
    entries: page.map((e) => ({
      id: e.id,
      createdAt: e.createdAt.toISOString(),
      actorType: e.actorType,
      actorId: e.actorId,
      actorLabel: e.actorLabel,
      action: e.action,
      ticketId: e.ticketId,
      ticketRef: e.ticketRef,
      linkId: e.linkId,
      recordingId: e.recordingId,
      details: safeJson(e.details),
      hash: e.hash,
    })),
    nextBefore: rows.length > limit ? page[page.length - 1]!.id : null,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}
