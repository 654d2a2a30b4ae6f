import "server-only";
import type { Prisma } from "@prisma/client";
import type { Tx } from "../db";

/**
 * `unused`: the links' grants nobody exchanged yet (a spent grant stays until the sweep, so
 * presenting it again answers "already used" rather than "not valid"). `all`: every grant of the
 * links. `dead`: spent or expired grants of any link, for the sweep.
 */
export type TDeleteGrants = { tx: Tx; now: Date } & ({ which: "unused" | "all"; linkIds: string[] } | { which: "dead" });

export async function deleteGrants(opts: TDeleteGrants) {
  const { tx, now } = opts;
  let where: Prisma.GrantWhereInput;
  if (opts.which === "dead") where = { OR: [{ usedAt: { not: null } }, { expiresAt: { lte: now } }] };
  else if (opts.linkIds.length === 0) return 0;
  else where = { linkId: { in: opts.linkIds }, ...(opts.which === "unused" ? { usedAt: null } : {}) };
  const { count } = await tx.grant.deleteMany({ where });
  return count;
}
