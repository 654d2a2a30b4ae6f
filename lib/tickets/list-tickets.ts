import "server-only";
import { z } from "zod";
import { containsIgnoringCase, db } from "../db";
import { serializeTicket } from "./serialize-ticket";

// `?status=&q=` (empty values) means no filter, as an HTML form or a URL template sends it.
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const ZListTicketsQuery = z.strictObject({
  status: z.preprocess(blankToUndefined, z.enum(["open", "resolved"]).optional()),
  q: z.preprocess(blankToUndefined, z.string().trim().max(200).optional()),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TListTicketsQuery = z.input<typeof ZListTicketsQuery>;

/** Newest first; `q` matches the helpdesk's ticket id (or part of it). */
export async function listTickets(raw: TListTicketsQuery = {}) {
  const { status, q, limit } = ZListTicketsQuery.parse(raw);
  const rows = await db.ticket.findMany({
    where: { ...(status ? { status } : {}), ...(q ? { externalId: containsIgnoringCase(q) } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    include: { _count: { select: { links: true, recordings: true } } },
  });
  return rows.map((t) => ({ ...serializeTicket(t), linkCount: t._count.links, recordingCount: t._count.recordings }));
}
