import "server-only";
import type { Prisma } from "../db/models";
import type { Tx } from "../db";

/** `unused` leaves spent grants to the sweep, so presenting one again answers "already used" rather than "not valid"; `dead` is the sweep's. */
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
