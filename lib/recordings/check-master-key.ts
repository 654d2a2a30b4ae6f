import "server-only";
import { db } from "../db";
import { getMasterKey, masterKeyMissing, masterKeySource } from "../env";
import { unwrapRecordingKey } from "./recording-key";

/** Otherwise a lost data/master.key would silently be replaced, and every stored recording become unreadable one failed request at a time. */
export async function checkMasterKey(): Promise<string> {
  const stored = await db.recording.count({ where: { wrappedKey: { not: null } } });
  if (stored > 0 && masterKeyMissing()) {
    throw new Error(
      `The master key is missing: ${masterKeySource()} does not exist and GLIMPSE_MASTER_KEY is not set, but ${stored} stored recording(s) are encrypted with it. ` +
        `Restore data/master.key from your backup, or set GLIMPSE_MASTER_KEY to the key. A new key would make them unreadable, so Glimpse will not create one.`,
    );
  }
  getMasterKey();
  const sample = await db.recording.findFirst({
    where: { wrappedKey: { not: null } },
    orderBy: { startedAt: "desc" },
    select: { id: true, wrappedKey: true },
  });
  if (sample?.wrappedKey) {
    try {
      unwrapRecordingKey(sample.id, sample.wrappedKey);
    } catch {
      throw new Error(
        `The master key from ${masterKeySource()} does not open the ${stored} stored recording(s): it is not the key they were encrypted with. ` +
          `Set GLIMPSE_MASTER_KEY (or restore data/master.key) to the original key.`,
      );
    }
  }
  return `${masterKeySource()}${stored > 0 ? `, opens the ${stored} stored recording(s)` : ""}`;
}
