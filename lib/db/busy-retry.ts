import { isBusyError } from "./sqlite";

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
      if (attempt >= attempts || !isBusyError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt + Math.random() * 50));
    }
  }
}

/** Interactive-transaction limits for work that may purge many chunks. */
export const LONG_TX = { maxWait: 10_000, timeout: 60_000 } as const;
