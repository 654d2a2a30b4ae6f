import "server-only";
import type { LinkStatus, Prisma } from "../db/models";
import type { Tx } from "../db";
import { deleteGrants } from "../consent/delete-grants";
import { canTransition } from "./link-states";

export type TLinkEnd = Extract<LinkStatus, "revoked" | "expired" | "withdrawn">;

/** Callers audit, each end in its own words, and end a recording in progress through endRecordings. */
export async function endLinks(opts: {
  tx: Tx;
  where: Prisma.LinkWhereInput;
  status: TLinkEnd;
  grants: "unused" | "all";
  now: Date;
}) {
  const { tx, where, status, grants, now } = opts;
  const links = await tx.link.findMany({ where, select: { id: true, status: true } });
  for (const link of links) {
    if (!canTransition(link.status, status)) throw new Error(`A link cannot go from ${link.status} to ${status}.`);
  }
  const ids = links.map((l) => l.id);
  if (ids.length > 0) {
    await tx.link.updateMany({ where: { id: { in: ids } }, data: { status, endedAt: now } });
    await deleteGrants({ tx, linkIds: ids, which: grants, now });
  }
  return links;
}
