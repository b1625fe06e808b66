import { describe, expect, it } from 'vitest';
import { clockTone, clockWords } from './clock.ts';

const clock = (daysLeft: number) => ({ kind: 'decision' as const, dueOn: '2026-11-30', daysLeft });

describe('the review clock as staff see it', () => {
  it('is red once overdue and says by how many days', () => {
    expect(clockTone(clock(-3))).toBe('overdue');
    expect(clockWords(clock(-3))).toEqual({ key: 'clock.overdue', n: 3 });
  });

  it('is amber on the due day and the two days before', () => {
    expect([0, 1, 2].map((d) => clockTone(clock(d)))).toEqual(['soon', 'soon', 'soon']);
    expect(clockWords(clock(0))).toEqual({ key: 'clock.today', n: 0 });
    expect(clockWords(clock(2))).toEqual({ key: 'clock.left', n: 2 });
  });

  it('is calm with three or more days left', () => {
    expect(clockTone(clock(3))).toBe('calm');
    expect(clockWords(clock(5))).toEqual({ key: 'clock.left', n: 5 });
  });
});
