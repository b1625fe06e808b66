import { describe, expect, it } from 'vitest';
import { ringTone, secondsLeft } from './ring.ts';

describe('the ring countdown', () => {
  const until = '2026-11-23T10:00:20.000Z';
  const at = (iso: string) => Date.parse(iso);

  it('counts whole seconds left, rounding up, and stops at zero', () => {
    expect(secondsLeft(until, at('2026-11-23T10:00:00.000Z'))).toBe(20);
    expect(secondsLeft(until, at('2026-11-23T10:00:19.100Z'))).toBe(1);
    expect(secondsLeft(until, at('2026-11-23T10:00:20.000Z'))).toBe(0);
    expect(secondsLeft(until, at('2026-11-23T10:05:00.000Z'))).toBe(0);
  });

  it('shows nothing for a ringUntil that is not a date', () => {
    expect(secondsLeft('not a date at all, really', 0)).toBeNull();
    expect(ringTone(null)).toBe('calm');
  });

  it('turns urgent only for the last five seconds', () => {
    expect(ringTone(20)).toBe('calm');
    expect(ringTone(6)).toBe('calm');
    expect(ringTone(5)).toBe('urgent');
    expect(ringTone(0)).toBe('urgent');
  });
});
