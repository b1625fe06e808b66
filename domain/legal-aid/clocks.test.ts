import { describe, expect, it } from 'vitest';
import { assignmentDueBy, daysLeft, decisionDueBy, isUrgent } from './clocks.ts';
import { addDays, daysBetween } from './day-count.ts';

describe('decisionDueBy (第四十三条, 7 days, first day not counted)', () => {
  it.each([
    ['2026-01-05', 0, '2026-01-12'],
    ['2026-02-25', 0, '2026-03-04'], // across a non-leap February
    ['2028-02-25', 0, '2028-03-03'], // leap year
    ['2026-12-28', 0, '2027-01-04'], // across the year end
    ['2026-01-05', 10, '2026-01-22'], // ten days spent supplementing do not count
  ])('received %s, %i days supplementing: due %s', (received, supplement, due) => {
    expect(decisionDueBy(received, supplement)).toBe(due);
  });

  it('moves a deadline off a holiday to the next working day when given the calendar', () => {
    const national = new Set(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07']);
    expect(decisionDueBy('2026-09-28', 0, (d) => national.has(d))).toBe('2026-10-08');
  });

  it.each([-1, 1.5])('refuses %d supplement days', (days) => {
    expect(() => decisionDueBy('2026-01-05', days)).toThrow(RangeError);
  });

  it('refuses a malformed date as a programming error', () => {
    expect(() => decisionDueBy('2026-02-30')).toThrow(RangeError);
  });
});

describe('assignmentDueBy (3 days)', () => {
  it('counts from the day after granting', () => {
    expect(assignmentDueBy('2026-01-30')).toBe('2026-02-02');
  });
});

describe('isUrgent (第四十四条: fewer than 7 days remain)', () => {
  it.each([
    ['2026-03-01', '2026-03-08', false], // exactly 7 days left: not yet
    ['2026-03-01', '2026-03-07', true], // 6 days
    ['2026-03-01', '2026-03-01', true], // today
    ['2026-03-01', '2026-02-20', true], // already passed: the centre judges
    ['2026-03-01', '2027-03-01', false],
  ])('today %s, deadline %s: %s', (today, deadline, urgent) => {
    expect(isUrgent(today, deadline)).toBe(urgent);
  });
});

describe('daysLeft', () => {
  it.each([
    ['2026-01-05', '2026-01-12', 7],
    ['2026-01-12', '2026-01-12', 0],
    ['2026-01-13', '2026-01-12', -1],
    ['2024-02-28', '2024-03-01', 2],
  ])('%s to %s: %i', (today, due, left) => expect(daysLeft(today, due)).toBe(left));
});

describe('day arithmetic is time-zone free', () => {
  it('adding and subtracting round-trips over 3 years of days', () => {
    for (let d = 0; d < 1100; d += 1) {
      const date = addDays('2025-01-01', d);
      expect(daysBetween('2025-01-01', date)).toBe(d);
      expect(addDays(date, -d)).toBe('2025-01-01');
    }
  });
});
