import "server-only";
// A fixed window in memory: Glimpse runs as one process on SQLite; several instances would need the database.
export function createRateLimiter(opts: { limit: number; windowMs: number }) {
  const hits = new Map<string, { count: number; resetAt: number }>();

  return {
    /** True while `key` is under its limit. Counts this attempt. */
    hit(key: string, now = Date.now()): boolean {
      const entry = hits.get(key);
      if (!entry || entry.resetAt <= now) {
        hits.set(key, { count: 1, resetAt: now + opts.windowMs });
        if (hits.size > 10_000) {
          for (const [k, v] of hits) if (v.resetAt <= now) hits.delete(k);
        }
        return true;
      }
      entry.count += 1;
      return entry.count <= opts.limit;
    },
    /** How long until `key`'s window ends, in ms. */
    retryAfterMs(key: string, now = Date.now()): number {
      return Math.max(0, (hits.get(key)?.resetAt ?? now) - now);
    },
    reset(key: string) {
      hits.delete(key);
    },
  };
}

// Slows a key down instead of locking it; an attempt made too early is refused and not counted, so it cannot lengthen the wait.
export function createBackoff(opts: { freeFailures: number; baseMs: number; maxMs: number }) {
  const failures = new Map<string, { count: number; lastAt: number }>();
  const delay = (count: number) =>
    count < opts.freeFailures ? 0 : Math.min(opts.maxMs, opts.baseMs * 2 ** (count - opts.freeFailures));

  return {
    /** How long `key` must still wait before its next attempt, in ms; 0 when it may go ahead. */
    waitMs(key: string, now = Date.now()): number {
      const entry = failures.get(key);
      if (!entry) return 0;
      return Math.max(0, entry.lastAt + delay(entry.count) - now);
    },
    fail(key: string, now = Date.now()) {
      const entry = failures.get(key);
      if (entry && now - entry.lastAt < opts.maxMs * 2) {
        entry.count += 1;
        entry.lastAt = now;
      } else {
        failures.set(key, { count: 1, lastAt: now });
      }
      if (failures.size > 10_000) {
        for (const [k, v] of failures) if (now - v.lastAt >= opts.maxMs * 2) failures.delete(k);
      }
    },
    reset(key: string) {
      failures.delete(key);
    },
  };
}
