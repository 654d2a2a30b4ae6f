/** A link in one of these states can no longer change (see DESIGN.md, lifecycle). */
export const FINAL_LINK_STATUSES = ["finished", "declined", "expired", "revoked", "withdrawn"] as const;

/** States in which the customer has not started recording yet, so the link simply lapses at expiry. */
const EXPIRING_STATUSES = ["pending", "opened", "consented"];

/**
 * The status to show and to act on. The sweeper marks lapsed links `expired` every few minutes;
 * until it does, a lapsed link must not look usable.
 */
export function effectiveLinkStatus(link: { status: string; expiresAt: Date }, now = new Date()): string {
  if (EXPIRING_STATUSES.includes(link.status) && link.expiresAt.getTime() <= now.getTime()) return "expired";
  return link.status;
}

export function isFinalLinkStatus(status: string) {
  return (FINAL_LINK_STATUSES as readonly string[]).includes(status);
}
