import "server-only";
import type { TStaffActor } from "../audit/actor";
import type { Db, Tx } from "../db";
import { db } from "../db";
import { getSettings } from "../settings/get-settings";

export type TViewer = Pick<TStaffActor, "userId" | "role">;

type TRecordingOwners = {
  ticket: { assigneeId: string | null; preview: boolean };
  link: { createdById: string | null };
};

/** The one rule for the page, the events, the live stream and deletion. */
export async function canWatchRecording({ viewer, recording, tx = db }: { viewer: TViewer; recording: TRecordingOwners; tx?: Tx | Db }): Promise<boolean> {
  if (viewer.role === "admin") return true;
  // A preview is the admin's own visit, kept to tune the site's privacy settings.
  if (recording.ticket.preview) return false;
  if (recording.link.createdById === viewer.userId) return true;
  if (recording.ticket.assigneeId === viewer.userId) return true;
  return (await getSettings(tx)).allAgentsCanWatch;
}
