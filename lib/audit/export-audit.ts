import "server-only";
import { z } from "zod";
import type { TActor } from "./append-audit";
import { appendAudit } from "./append-audit";
import { db } from "../db";

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const MIN_TIME = Date.UTC(1970, 0, 1);
const MAX_TIME = Date.UTC(9999, 11, 30);

function zDate(endOfDay: boolean) {
  return z
    .string()
    .trim()
    .refine((v) => !Number.isNaN(Date.parse(v)), "must be an ISO date or date-time")
    // Years the database can store; "+010000-01-01" parses in JavaScript but not in SQL.
    .refine((v) => Date.parse(v) >= MIN_TIME && Date.parse(v) <= MAX_TIME, "must be between 1970 and 9999")
    .transform((v) => (endOfDay && DATE_ONLY.test(v) ? new Date(Date.parse(v) + 86_400_000 - 1) : new Date(v)));
}

/** Period bounds for exports and reports: a bare date as the end means the whole of that day. */
export const ZPeriodFrom = zDate(false);
export const ZPeriodTo = zDate(true);

export const ZExportAuditQuery = z.strictObject({
  format: z.enum(["csv", "json"]).default("json"),
  ticketId: z.string().trim().min(1).max(200).optional(),
  from: ZPeriodFrom.optional(),
  to: ZPeriodTo.optional(),
});
export type TExportAuditQuery = z.infer<typeof ZExportAuditQuery>;

const COLUMNS = ["id", "createdAt", "actorType", "actorId", "actorLabel", "action", "ticketId", "ticketRef", "linkId", "recordingId", "details", "prevHash", "hash"] as const;

/** In chain order with the hashes, so an export can be checked like `glimpse audit verify` checks the database. */
export async function exportAudit(query: TExportAuditQuery, actor: TActor) {
  const where = {
    ...(query.ticketId ? { OR: [{ ticketId: query.ticketId }, { ticketRef: query.ticketId }] } : {}),
    ...(query.from || query.to ? { createdAt: { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lte: query.to } : {}) } } : {}),
  };
  const rows = [];
  let cursor = 0;
  for (;;) {
    const batch = await db.auditEntry.findMany({ where: { ...where, id: { gt: cursor } }, orderBy: { id: "asc" }, take: 1000 });
    rows.push(...batch);
    if (batch.length < 1000) break;
    cursor = batch[batch.length - 1]!.id;
  }
  await db.$transaction((tx) =>
    appendAudit(tx, {
      actor,
      action: "audit.exported",
      details: {
        format: query.format,
        ticketId: query.ticketId ?? null,
        from: query.from?.toISOString() ?? null,
        to: query.to?.toISOString() ?? null,
        entries: rows.length,
      },
    }),
  );

  const entries = rows.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() }));
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  if (query.format === "json") {
    return { contentType: "application/json", filename: `glimpse-audit-${stamp}.json`, body: JSON.stringify({ entries }, null, 2) };
  }
  const lines = [COLUMNS.join(","), ...entries.map((e) => COLUMNS.map((c) => csvCell(e[c])).join(","))];
  return { contentType: "text/csv; charset=utf-8", filename: `glimpse-audit-${stamp}.csv`, body: `${lines.join("\r\n")}\r\n` };
}

function csvCell(value: string | number | null): string {
  if (value === null) return "";
  let text = String(value);
  // A spreadsheet would run a cell starting with one of these as a formula.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
