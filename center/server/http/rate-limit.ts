/**
 * Token buckets keyed by kiosk (or by address for unauthenticated endpoints): a burst of
 * `capacity`, refilled at `perSecond`. In memory, one process: enough for one centre server.
 */
export interface RateLimitOptions {
  readonly capacity: number;
  readonly perSecond: number;
}

export interface RateLimiter {
  /** Takes one token; false when the bucket is empty. */
  take(key: string): boolean;
}

export const createRateLimiter = (options: RateLimitOptions, now: () => number, maxKeys = 10_000): RateLimiter => {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key) {
      const t = now();
      const bucket = buckets.get(key) ?? { tokens: options.capacity, at: t };
      bucket.tokens = Math.min(options.capacity, bucket.tokens + ((t - bucket.at) / 1000) * options.perSecond);
      bucket.at = t;
      // Bounded memory: a flood of new keys (addresses) drops the oldest buckets, which only ever
      // makes a forgotten key start full again.
      buckets.delete(key);
      buckets.set(key, bucket);
      if (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value as string);
      if (bucket.tokens < 1) return false;
      bucket.tokens -= 1;
      return true;
    },
  };
};
