import { describe, expect, it } from 'vitest';
import { formatLocalNumber, generateShortCode, LOCAL_NUMBER_PATTERN, SHORT_CODE_ALPHABET } from './application-number.ts';

describe('application numbers', () => {
  it('formats LA + local date + 4-digit day sequence', () => {
    expect(formatLocalNumber('20261123', 7)).toBe('LA20261123-0007');
    expect(formatLocalNumber('20261123', 9999)).toBe('LA20261123-9999');
    expect(LOCAL_NUMBER_PATTERN.test(formatLocalNumber('20260101', 1))).toBe(true);
  });

  it('refuses sequences that do not fit four digits', () => {
    expect(() => formatLocalNumber('20261123', 0)).toThrow(RangeError);
    expect(() => formatLocalNumber('20261123', 10_000)).toThrow(RangeError);
  });

  it('short codes use 6 unambiguous characters (no 0/O/1/I)', () => {
    expect(SHORT_CODE_ALPHABET).toHaveLength(32);
    expect(SHORT_CODE_ALPHABET).not.toMatch(/[01OI]/);
    const codes = Array.from({ length: 2000 }, () => generateShortCode());
    for (const code of codes) expect(code).toMatch(/^[2-9A-HJ-NP-Z]{6}$/);
    expect(new Set(codes).size).toBeGreaterThan(1990);
  });

  it('maps each random byte to a symbol modulo 32 (unbiased)', () => {
    const all = generateShortCode(() => Uint8Array.from([0, 31, 32, 255, 8, 9]));
    expect(all).toBe('2Z2ZAB');
  });
});
