import { describe, expect, it } from 'vitest';
import { ageOn, maskIdNumber } from './mask.ts';

describe('maskIdNumber', () => {
  it('keeps the first 6 and last 4 of an 18-character number', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber('440524188001010014')).toBe('440524********0014');
  });

  it('uppercases a lowercase x so masked values compare equal', () => {
    expect(maskIdNumber('11010519491231002x')).toBe('110105********002X');
  });

  it('keeps the first 3 and last 4 of a 15-character 2017 permit', () => {
    expect(maskIdNumber('USA110079061501')).toBe('USA********1501');
  });

  it('hides every character of any other length', () => {
    expect(maskIdNumber('1101051949')).toBe('**********');
    expect(maskIdNumber('')).toBe('');
  });

  it('never shows the birth date part', () => {
    expect(maskIdNumber('11010519491231002X')).not.toContain('19491231');
  });
});

describe('ageOn', () => {
  it('counts completed years, going up on the birthday', () => {
    expect(ageOn('1949-12-31', '2024-12-30')).toBe(74);
    expect(ageOn('1949-12-31', '2024-12-31')).toBe(75);
    expect(ageOn('2006-06-15', '2024-06-14')).toBe(17);
    expect(ageOn('2006-06-15', '2024-06-15')).toBe(18);
  });

  it('is zero on the day of birth', () => {
    expect(ageOn('2024-03-01', '2024-03-01')).toBe(0);
  });

  it('ages a 29 February birthday on 1 March in common years', () => {
    expect(ageOn('2000-02-29', '2023-02-28')).toBe(22);
    expect(ageOn('2000-02-29', '2023-03-01')).toBe(23);
    expect(ageOn('2000-02-29', '2024-02-29')).toBe(24);
  });

  it('refuses malformed dates and a birth after today', () => {
    expect(() => ageOn('2000-02-30', '2024-01-01')).toThrow(RangeError);
    expect(() => ageOn('2000-01-01', '2024/01/01')).toThrow(RangeError);
    expect(() => ageOn('2024-01-02', '2024-01-01')).toThrow(/after today/);
  });
});
