import { describe, expect, it } from 'vitest';
import { bestDistance, decide, MatchAttempts } from './matcher.ts';
import type { Descriptor } from './types.ts';

/** A descriptor at exactly `distance` from the zero descriptor (all weight on one axis). */
const at = (distance: number): Descriptor => {
  const d = new Float32Array(128);
  d[0] = distance;
  return d;
};
const photo = at(0);
const config = { threshold: 0.5, borderline: 0.6, maxAttempts: 3 };

describe('bestDistance', () => {
  it('takes the closest frame, and null without frames', () => {
    expect(bestDistance(photo, [at(0.7), at(0.42), at(0.55)])).toBeCloseTo(0.42, 5);
    expect(bestDistance(photo, [])).toBeNull();
  });
});

describe('decide', () => {
  it('matches at or below the threshold, borderline up to the band, no_match beyond', () => {
    expect(decide(0.5, config)).toBe('match');
    expect(decide(0.5001, config)).toBe('borderline');
    expect(decide(0.6, config)).toBe('borderline');
    expect(decide(0.6001, config)).toBe('no_match');
  });
});

describe('MatchAttempts', () => {
  it('verifies on the first good attempt', () => {
    const attempts = new MatchAttempts(config);
    expect(attempts.record(photo, [at(0.8), at(0.45)])).toMatchObject({ attempt: 1, decision: 'match', outcome: 'verified' });
  });

  it('never turns a borderline distance into a yes: it sends the person the other way at once', () => {
    const attempts = new MatchAttempts(config);
    expect(attempts.record(photo, [at(0.55)])).toMatchObject({ decision: 'borderline', outcome: 'alternative', attemptsLeft: 0 });
    expect(() => attempts.record(photo, [at(0.1)])).toThrow();
  });

  it('retries no_match and no-face attempts, then offers the alternative after maxAttempts', () => {
    const attempts = new MatchAttempts(config);
    expect(attempts.record(photo, [at(0.9)])).toMatchObject({ outcome: 'retry', attemptsLeft: 2 });
    expect(attempts.record(photo, [])).toMatchObject({ distance: null, decision: null, outcome: 'retry', attemptsLeft: 1 });
    expect(attempts.record(photo, [at(0.7)])).toMatchObject({ attempt: 3, outcome: 'alternative' });
    expect(attempts.attemptsUsed).toBe(3);
  });

  it('refuses a config whose borderline lies below the threshold', () => {
    expect(() => new MatchAttempts({ threshold: 0.6, borderline: 0.5, maxAttempts: 3 })).toThrow(RangeError);
    expect(() => new MatchAttempts({ threshold: 0.5, borderline: 0.6, maxAttempts: 0 })).toThrow(RangeError);
  });
});
