import "server-only";
// A fixed window in this process's memory, for limits that may be per instance (API keys); sign-in
// limits are shared through the database (lib/auth-throttle.ts).
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
