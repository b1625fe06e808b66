/**
 * The ring as the lawyer sees it: whole seconds left until the centre moves the call on (ringUntil).
 * Centre and console read the same time service in production; a console clock that is off only
 * makes the countdown look wrong, the centre alone decides when the ring ends.
 */

/** Seconds left, never negative; null when ringUntil is not a date. Rounded up: "1" until it is really over. */
export const secondsLeft = (ringUntil: string, nowMs: number): number | null => {
  const until = Date.parse(ringUntil);
  if (Number.isNaN(until)) return null;
  return Math.max(0, Math.ceil((until - nowMs) / 1000));
};

/**
 * How urgent the countdown looks: calm while there is time, then urgent for the last five seconds
 * (the lawyer should decide, but without alarm colours for most of the ring).
 */
export const ringTone = (seconds: number | null): 'calm' | 'urgent' => (seconds !== null && seconds <= 5 ? 'urgent' : 'calm');
