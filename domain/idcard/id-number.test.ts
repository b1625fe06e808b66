import { describe, expect, it } from 'vitest';
import {
  birthDateFromIdNumber,
  gb11643CheckChar,
  isValidIdNumber,
  normaliseIdNumber,
  sexFromIdNumber,
  validateIdNumber,
} from './id-number.ts';

// Check characters below were computed by hand-rolled independent arithmetic, not by this module.
describe('GB 11643 check character', () => {
  it('matches the examples of the standard', () => {
    expect(gb11643CheckChar('11010519491231002')).toBe('X');
    expect(gb11643CheckChar('44052418800101001')).toBe('4');
  });

  it('covers every remainder class we use in fixtures', () => {
    expect(gb11643CheckChar('11010519900101001')).toBe('0');
    expect(gb11643CheckChar('11010519900101002')).toBe('9');
    expect(gb11643CheckChar('11010519900101003')).toBe('7');
    expect(gb11643CheckChar('81000019900101123')).toBe('0');
  });

  it('refuses anything but 17 digits', () => {
    expect(() => gb11643CheckChar('1101051949123100')).toThrow(RangeError);
    expect(() => gb11643CheckChar('1101051949123100A')).toThrow(RangeError);
  });
});

describe('validateIdNumber: 18-character numbers', () => {
  it('accepts the standard example 11010519491231002X (female, 1949-12-31)', () => {
    expect(validateIdNumber('11010519491231002X')).toEqual({
      ok: true,
      value: { idNumber: '11010519491231002X', kind: 'resident', birthDate: '1949-12-31', sex: 'female' },
    });
  });

  it('accepts the standard example 440524188001010014 (male, 1880-01-01)', () => {
    expect(validateIdNumber('440524188001010014')).toEqual({
      ok: true,
      value: { idNumber: '440524188001010014', kind: 'resident', birthDate: '1880-01-01', sex: 'male' },
    });
  });

  it('accepts and normalises a lowercase x', () => {
    expect(normaliseIdNumber('11010519491231002x')).toBe('11010519491231002X');
    const r = validateIdNumber('11010519491231002x');
    expect(r.ok && r.value.idNumber).toBe('11010519491231002X');
  });

  it.each([
    ['810000199001011230', 'hmt_residence', '1990-01-01', 'male'],
    ['820000200107040037', 'hmt_residence', '2001-07-04', 'male'],
    ['830000198506150024', 'hmt_residence', '1985-06-15', 'female'],
    ['911840198001010013', 'foreign_pr_2023', '1980-01-01', 'male'],
    ['911840198001010021', 'foreign_pr_2023', '1980-01-01', 'female'],
    ['110105200002290013', 'resident', '2000-02-29', 'male'],
  ])('accepts %s as %s', (id, kind, birthDate, sex) => {
    expect(validateIdNumber(id)).toEqual({ ok: true, value: { idNumber: id, kind, birthDate, sex } });
  });

  // Each bad case names the reason it must fail for, so a number that fails for another reason
  // (a wrong check character hiding a date bug) cannot make the test pass by accident.
  it.each([
    ['wrong check character', '110105194912310021', /check character/],
    ['check digit where X is due', '110105194912310020', /check character/],
    ['wrong check on a valid date', '440524188001010015', /check character/],
    ['Feb 30 (correct check)', '11010519900230001X', /does not exist/],
    ['Feb 29 in 1900 (correct check)', '110105190002290017', /does not exist/],
    ['month 13 (correct check)', '110105199013010018', /does not exist/],
    ['region 00 (correct check)', '000105199001010015', /province/],
    ['birth year 1799 (correct check)', '110105179912310016', /implausibly early/],
    ['17 characters', '11010519491231002', /length 17/],
    ['19 characters', '11010519491231002X0', /length 19/],
    ['empty', '', /length 0/],
    ['letter inside', '1101051949123100AX', /17 digits/],
    ['X not last', '1101051949123100X2', /17 digits/],
    ['other check letter', '11010519491231002Y', /17 digits/],
    ['full-width digits', '１１０１０５１９４９１２３１００２Ｘ', /17 digits/],
    ['surrounding space', ' 11010519491231002X', /length 19/],
  ])('refuses %s: %j', (_why, id, reason) => {
    const r = validateIdNumber(id);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid_id_number');
      expect(r.error.detail).toMatch(reason);
    }
  });
});

describe('validateIdNumber: 15-character 2017 permits (structure only)', () => {
  it('accepts 3 letters + region + YYMMDD + 2 digits', () => {
    expect(validateIdNumber('USA110079061501')).toEqual({
      ok: true,
      value: { idNumber: 'USA110079061501', kind: 'foreign_pr_2017', birthDate: null, sex: null },
    });
  });

  it('accepts a YYMMDD that exists only in one century (000229 is 2000-02-29)', () => {
    expect(isValidIdNumber('CAN310000022912')).toBe(true);
  });

  it.each([
    ['lowercase letters', 'usa110079061501', /uppercase letters/],
    ['two letters', 'US1110079061501', /uppercase letters/],
    ['four letters', 'USAB10079061501', /uppercase letters/],
    ['14 characters', 'USA11007906150', /length 14/],
    ['16 characters', 'USA1100790615012', /length 16/],
    ['letter among digits', 'USA11007906150A', /uppercase letters/],
    ['region 99', 'USA990079061501', /province/],
    ['Feb 30', 'USA110079023001', /does not exist/],
    ['month 00', 'USA110079001501', /does not exist/],
  ])('refuses %s: %j', (_why, id, reason) => {
    const r = validateIdNumber(id);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.detail).toMatch(reason);
  });
});

describe('birthDateFromIdNumber / sexFromIdNumber', () => {
  it('reads the standard examples', () => {
    expect(birthDateFromIdNumber('11010519491231002X')).toBe('1949-12-31');
    expect(sexFromIdNumber('11010519491231002X')).toBe('female');
    expect(birthDateFromIdNumber('440524188001010014')).toBe('1880-01-01');
    expect(sexFromIdNumber('440524188001010014')).toBe('male');
  });

  it('returns null for invalid numbers and for 2017 permits', () => {
    expect(birthDateFromIdNumber('110105194912310021')).toBeNull();
    expect(sexFromIdNumber('110105194912310021')).toBeNull();
    expect(birthDateFromIdNumber('USA110079061501')).toBeNull();
    expect(sexFromIdNumber('USA110079061501')).toBeNull();
  });
});
