import { sqliteCode } from "../errors";

const RETRYABLE_CODES = new Set(["P1008", "P2028", "P2034"]);

function isBusy(error: unknown): boolean {
  const e = error as { code?: string; message?: string; meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } };
  if (e?.code && RETRYABLE_CODES.has(e.code)) return true;
  const original = e?.meta?.driverAdapterError?.cause?.originalCode ?? sqliteCode(error) ?? "";
  return original.startsWith("SQLITE_BUSY") || /SQLITE_BUSY|database is locked/i.test(e?.message ?? "");
}

/**
 * SQLite lets one writer in at a time. When another process (the CLI, a second server) holds
 * the lock past busy_timeout, commits between this transaction's read and its write
 * (SQLITE_BUSY_SNAPSHOT), or a transaction waits too long for the connection, try again.
 */
export async function withBusyRetry<T>(fn: () => Promise<T>, attempts = 6): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= attempts || !isBusy(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt + Math.random() * 50));
    }
  }
}

/** Interactive-transaction limits for work that may purge many chunks. */
export const LONG_TX = { maxWait: 10_000, timeout: 60_000 } as const;
