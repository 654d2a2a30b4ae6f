import "server-only";
import { randomUUID } from "node:crypto";
import { db, writeTx } from "../db";

// This process, as a lease holder: several instances share the database, each with its own id.
export const INSTANCE_ID = `${process.pid}-${randomUUID().slice(0, 8)}`;

/**
 * Takes the job's lease when it is free or expired: a conditional write, so of two instances
 * asking at once exactly one gets it. The lease outlives the longest run by far; a holder that
 * dies mid-run frees it when it expires.
 */
export async function takeJobLease(name: string, ttlMs: number, now = new Date(), holder = INSTANCE_ID): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + ttlMs);
  return writeTx(async (tx) => {
    const lease = await tx.jobLease.findUnique({ where: { name } });
    if (!lease) {
      await tx.jobLease.create({ data: { name, holder, expiresAt } });
      return true;
    }
    const taken = await tx.jobLease.updateMany({
      where: { name, OR: [{ holder }, { expiresAt: { lte: now } }] },
      data: { holder, expiresAt },
    });
    return taken.count === 1;
  }).catch((error: unknown) => {
    // Two first-ever takers: the other one's create won.
    if ((error as { code?: string }).code === "P2002") return false;
    throw error;
  });
}

export async function releaseJobLease(name: string): Promise<void> {
  await db.jobLease.updateMany({ where: { name, holder: INSTANCE_ID }, data: { expiresAt: new Date(0) } });
}

/** Runs `fn` only while holding the lease; false when another instance holds it. */
export async function withJobLease(name: string, ttlMs: number, fn: () => Promise<unknown>): Promise<boolean> {
  if (!(await takeJobLease(name, ttlMs))) return false;
  try {
    await fn();
  } finally {
    await releaseJobLease(name);
  }
  return true;
}
