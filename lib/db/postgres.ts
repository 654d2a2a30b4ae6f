import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
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

// On globalThis, like the client: Next's chunks and the upload handler's bundle share one pool.
const globalForPool = globalThis as unknown as { glimpsePgPool?: pg.Pool };

/** The pool Prisma runs on, for the one hot path that skips Prisma (lib/db/upload-rows.ts); undefined on SQLite. */
export const pgPool = (): pg.Pool | undefined => globalForPool.glimpsePgPool;

/** The process's one pool, made here and never ended: Prisma reconnects onto it after `$disconnect`, and idle connections let the process exit. */
export function createPgAdapter(url: string) {
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.GLIMPSE_DB_POOL_SIZE || 10), connectionTimeoutMillis: 10_000, allowExitOnIdle: true });
  // An idle connection's error must not reach the process as an unhandled 'error' event, whether Prisma listens yet or not.
  pool.on("error", (error) => console.error("[glimpse] PostgreSQL pool error", error));
  globalForPool.glimpsePgPool = pool;
  return new PrismaPg(pool);
}
