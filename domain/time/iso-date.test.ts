import { describe, expect, it } from 'vitest';
import {
  assertIsoDate,
  compactToIsoDate,
  compareIsoDates,
  daysInMonth,
  isIsoDate,
  isLeapYear,
  isoToCompactDate,
} from './iso-date.ts';

describe('iso-date', () => {
  it('knows the Gregorian leap-year rule', () => {
    expect(isLeapYear(2024)).toBe(true);
    expect(isLeapYear(2023)).toBe(false);
    expect(isLeapYear(1900)).toBe(false);
    expect(isLeapYear(2000)).toBe(true);
  });

  it('counts days per month', () => {
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2024, 4)).toBe(30);
    expect(daysInMonth(2024, 12)).toBe(31);
  });

  it.each(['2024-02-29', '1949-12-31', '0001-01-01'])('accepts %s', (d) => {
    expect(isIsoDate(d)).toBe(true);
  });

  it.each(['2023-02-29', '1900-02-29', '2024-13-01', '2024-00-10', '2024-04-31', '2024-1-1', '20240101', ' 2024-01-01', ''])(
    'rejects %j',
    (d) => {
      expect(isIsoDate(d)).toBe(false);
    },
  );

  it('converts compact card dates', () => {
    expect(compactToIsoDate('19491231')).toBe('1949-12-31');
    expect(compactToIsoDate('20000229')).toBe('2000-02-29');
    expect(compactToIsoDate('19000229')).toBeNull();
    expect(compactToIsoDate('20230230')).toBeNull();
    expect(compactToIsoDate('2023013')).toBeNull();
    expect(compactToIsoDate('2023O101')).toBeNull();
    expect(compactToIsoDate('长期')).toBeNull();
  });

  it('converts back to compact form and refuses garbage', () => {
    expect(isoToCompactDate('2021-07-05')).toBe('20210705');
    expect(() => isoToCompactDate('2021-02-30')).toThrow(RangeError);
    expect(() => assertIsoDate('today', 'today')).toThrow(/today/);
  });

  it('orders dates', () => {
    expect(compareIsoDates('2024-01-02', '2024-01-10')).toBeLessThan(0);
    expect(compareIsoDates('2024-12-01', '2024-02-01')).toBeGreaterThan(0);
    expect(compareIsoDates('2024-01-01', '2024-01-01')).toBe(0);
  });
});
