/**
 * When to try a failed upload again: exponential backoff with full jitter (uniform in
 * [0, min(cap, base * 2^(attempt-1))]), so a fleet of kiosks coming back online after an outage
 * does not hit the centre in step. A small floor keeps a zero draw from spinning.
 */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
  floorMs: number;
  /** For failures that retrying will not fix (conflict, invalid input): try rarely, a person must look. */
  permanentMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 5_000, capMs: 10 * 60_000, floorMs: 1_000, permanentMs: 24 * 60 * 60_000 };

/** `attempts` counts this attempt too (1 after the first failure); `random` is in [0, 1). */
export const backoffDelay = (attempts: number, random: () => number, policy: BackoffPolicy = DEFAULT_BACKOFF): number => {
  const exponent = Math.min(Math.max(attempts, 1) - 1, 30);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  return Math.max(policy.floorMs, Math.floor(random() * ceiling));
};
