import "server-only";
import type { LinkStatus } from "../db/models";

/** Every allowed change of a link's status (docs/lifecycle.md). A state with no way out is final. */
export const LINK_TRANSITIONS: Record<LinkStatus, readonly LinkStatus[]> = {
  pending: ["opened", "consented", "declined", "expired", "revoked"],
  opened: ["consented", "declined", "expired", "revoked"],
  consented: ["recording", "expired", "revoked", "withdrawn"],
  recording: ["finished", "revoked", "withdrawn"],
  // What was recorded stays the customer's to delete, whatever became of the link.
  finished: ["withdrawn"],
  expired: ["withdrawn"],
  revoked: ["withdrawn"],
  declined: [],
  withdrawn: [],
};

export function canTransition(from: LinkStatus, to: LinkStatus) {
  return LINK_TRANSITIONS[from].includes(to);
}

/** The sweeper marks lapsed links `expired` only every few minutes; until then a lapsed link must not look usable. */
export function effectiveLinkStatus(link: { status: LinkStatus; expiresAt: Date }, now = new Date()): LinkStatus {
  if (canTransition(link.status, "expired") && link.expiresAt.getTime() <= now.getTime()) return "expired";
  return link.status;
}

/** Links the customer has not started recording with: they lapse at expiry, and a resolve revokes them. */
export const NOT_STARTED_LINK_STATUSES = (Object.keys(LINK_TRANSITIONS) as LinkStatus[]).filter((s) => canTransition(s, "expired"));
