import "server-only";
import { z } from "zod";
import type { Tx } from "../db";
import { db } from "../db";

/** Operator-wide settings, stored as one JSON row per key; anything missing takes its default. */
export const ZSettings = z.object({
  operatorName: z.string().min(1).max(120).default("Glimpse demo shop"),
  /** Recordings older than this are purged whatever the ticket's state. */
  retentionHours: z.number().int().min(1).max(24 * 365).default(30 * 24),
  /** A reopen within this many minutes of a resolve cancels the purge. 0 purges at once. */
  graceMinutes: z.number().int().min(0).max(7 * 24 * 60).default(0),
  linkTtlMinutes: z.number().int().min(5).max(7 * 24 * 60).default(24 * 60),
  maxDurationMinutes: z.number().int().min(1).max(120).default(20),
  /** When true every agent may watch every recording; otherwise requester, assignee and admins. */
  allAgentsCanWatch: z.boolean().default(false),
});

export type TSettings = z.infer<typeof ZSettings>;

export async function getSettings(tx: Tx | typeof db = db): Promise<TSettings> {
  const rows = await tx.setting.findMany();
  const raw: Record<string, unknown> = {};
  for (const row of rows) {
    try {
      raw[row.key] = JSON.parse(row.value);
    } catch {
      // A corrupt value falls back to its default rather than taking the console down.
    }
  }
  const parsed = ZSettings.safeParse(raw);
  if (parsed.success) return parsed.data;
  // Keep the valid keys, default the rest.
  const fallback = ZSettings.parse({});
  for (const key of Object.keys(fallback) as (keyof TSettings)[]) {
    const one = ZSettings.shape[key].safeParse(raw[key]);
    if (one.success) (fallback as Record<string, unknown>)[key] = one.data;
  }
  return fallback;
}
