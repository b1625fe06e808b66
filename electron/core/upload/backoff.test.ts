import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff.ts';

describe('backoffDelay', () => {
  it('stays within [floor, min(cap, base * 2^(n-1))] for any draw', () => {
    for (let attempts = 1; attempts <= 40; attempts += 1) {
      const ceiling = Math.min(DEFAULT_BACKOFF.capMs, DEFAULT_BACKOFF.baseMs * 2 ** (attempts - 1));
      for (const r of [0, 0.25, 0.5, 0.999999]) {
        const d = backoffDelay(attempts, () => r);
        expect(d).toBeGreaterThanOrEqual(DEFAULT_BACKOFF.floorMs);
        expect(d).toBeLessThanOrEqual(ceiling);
      }
    }
  });

  it('grows exponentially and is capped at ten minutes', () => {
    const top = (n: number) => backoffDelay(n, () => 0.999999);
    expect(top(1)).toBe(4_999);
    expect(top(2)).toBe(9_999);
    expect(top(3)).toBe(19_999);
    expect(top(20)).toBe(599_999);
    expect(top(1_000)).toBe(599_999);
  });

  it('is fully jittered: the delay is the draw times the ceiling', () => {
    expect(backoffDelay(4, () => 0.5)).toBe(20_000);
    expect(backoffDelay(4, () => 0)).toBe(DEFAULT_BACKOFF.floorMs);
  });
});
