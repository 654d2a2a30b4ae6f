import "server-only";
import { z } from "zod";
import type { TActor } from "../audit/append-audit";
import { appendAudit } from "../audit/append-audit";
import { db } from "../db";
import { ZSettings, getSettings, type TSettings } from "./get-settings";

/** Without the defaults: a key left out of an update keeps its current value. */
export const ZUpdateSettingsSchema = z.strictObject({
  operatorName: ZSettings.shape.operatorName.unwrap().optional(),
  retentionHours: ZSettings.shape.retentionHours.unwrap().optional(),
  graceMinutes: ZSettings.shape.graceMinutes.unwrap().optional(),
  linkTtlMinutes: ZSettings.shape.linkTtlMinutes.unwrap().optional(),
  maxDurationMinutes: ZSettings.shape.maxDurationMinutes.unwrap().optional(),
  allAgentsCanWatch: ZSettings.shape.allAgentsCanWatch.unwrap().optional(),
});
export type TUpdateSettings = Partial<TSettings>;

/** Writes only the keys given; every change is audited with its old and new value. */
export async function updateSettings(input: TUpdateSettings, actor: TActor) {
  return db.$transaction(async (tx) => {
    const before = await getSettings(tx);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const [key, value] of Object.entries(input)) {
      if (value === undefined) continue;
      await tx.setting.upsert({
        where: { key },
        create: { key, value: JSON.stringify(value) },
        update: { value: JSON.stringify(value) },
      });
      if (before[key as keyof TSettings] !== value) changes[key] = { from: before[key as keyof TSettings], to: value };
    }
    if (Object.keys(changes).length > 0) {
      await appendAudit(tx, { actor, action: "settings.updated", details: { changes } });
    }
    return getSettings(tx);
  });
}
