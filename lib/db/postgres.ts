import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { pgCode } from "../errors";

export { pgCode };

// PostgreSQL's side of lib/db (docs/database.md): the pooled connection for Prisma, and the
// SQLSTATEs that mean "the disk or the server is in trouble" rather than "bad input".

const STORAGE_FAULTS = /^(53|58)/; // insufficient resources, system errors (disk full is 53100)
const RETRYABLE = new Set(["40001", "40P01", "55P03"]); // serialization failure, deadlock, lock not available

export function isPgRetryable(error: unknown): boolean {
  const code = pgCode(error);
  return code !== null && RETRYABLE.has(code);
}

/** Disk full, out of memory, I/O errors: the server's trouble, not the request's. */
export function isPgStorageFault(error: unknown): boolean {
  const code = pgCode(error);
  return code !== null && STORAGE_FAULTS.test(code);
}

export function createPgAdapter(url: string) {
  return new PrismaPg(
    { connectionString: url, max: Number(process.env.GLIMPSE_DB_POOL_SIZE || 10), connectionTimeoutMillis: 10_000 },
    { onPoolError: (error) => console.error("[glimpse] PostgreSQL pool error", error) },
  );
}
