/**
 * A fixed-window counter kept in memory. Glimpse runs as one process on SQLite; when it runs as
 * several instances this moves to the database.
 */
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
    reset(key: string) {
      hits.delete(key);
    },
  };
}
