import "server-only";
import { isPgRetryable } from "./postgres";
import { isBusyError } from "./sqlite";

/** SQLite: another process held the lock past busy_timeout. PostgreSQL: a serialization conflict or deadlock. Either way, run it again from the start. */
export async function withBusyRetry<T>(fn: (attempt: number) => Promise<T>, attempts = 10): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= attempts || !(isBusyError(error) || isPgRetryable(error))) throw error;
      // Jittered, so two writers that collided do not collide again; about 8 s in all at most.
      await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 25 * 2 ** attempt) * (0.5 + Math.random())));
    }
  }
}

/** Interactive-transaction limits for work that may purge many chunks. */
export const LONG_TX = { maxWait: 10_000, timeout: 60_000 } as const;
