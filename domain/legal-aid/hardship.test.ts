import { describe, expect, it } from 'vitest';
import { assessHardship, formatYuan, yuanToFen } from './hardship.ts';
import { guangdongPack, nationalPack } from './testing/packs.ts';

const gd = guangdongPack();

describe('assessHardship', () => {
  it.each([
    // members, income, region, perMember, standard, within
    [3, 10_062.63, '440106', 3354.21, 3354.21, true], // exactly 3 × 3354.21: at the standard is within
    [3, 10_062.64, '440106', 3354.21, 3354.21, false], // one fen above in total: outside, though perMember rounds equal
    [1, 0, '440106', 0, 3354.21, true],
    [4, 10_000, '442000', 2500, 2592, true], // Zhongshan's own figure
    [2, 6000, '440305', 3000, 2471.13, false], // Shenzhen has no city entry: the provincial reference applies
    [2, 6000, null, 3000, 2471.13, false],
    [3, 100, '440106', 33.33, 3354.21, true], // 33.333… rounds down
    [3, 200, '440106', 66.67, 3354.21, true], // 66.666… rounds up
    [30, 0.01, '440106', 0, 3354.21, true],
  ])('%i members on %d yuan in %s', (members, monthlyIncome, regionCode, perMember, standard, within) => {
    const r = assessHardship(gd, { members, monthlyIncome, regionCode });
    expect(r).toMatchObject({ perMember, standard, withinStandard: within });
  });

  it('no float drift: 0.1 + 0.2 yuan style incomes compare exactly', () => {
    const pack = { ...gd, hardship: { ...gd.hardship, monthlyIncomePerMember: 0.3, regional: [] } };
    expect(assessHardship(pack, { members: 1, monthlyIncome: 0.1 + 0.2 }).withinStandard).toBe(true);
  });

  it('names the basis and article so the screen can say where the figure comes from', () => {
    const r = assessHardship(gd, { members: 2, monthlyIncome: 1000, regionCode: '440106' });
    expect(r.basis).toContain('广州市');
    expect(r.article).toBe('第三十四条');
  });

  it('the national pack alone gives its reference figure', () => {
    expect(assessHardship(nationalPack(), { members: 1, monthlyIncome: 1 }).standard).toBe(2159.21);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses %d household members as a programming error', (members) => {
    expect(() => assessHardship(gd, { members, monthlyIncome: 1 })).toThrow(RangeError);
  });

  it('refuses a negative income as a programming error', () => {
    expect(() => assessHardship(gd, { members: 1, monthlyIncome: -0.01 })).toThrow(RangeError);
  });
});

describe('money helpers', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [335_421, '3,354.21'],
    [100_000_000, '1,000,000.00'],
  ])('formatYuan(%i) = %s', (fen, text) => expect(formatYuan(fen)).toBe(text));

  it('yuanToFen turns every two-decimal amount into its exact fen, whatever its binary form', () => {
    for (const whole of [0, 1, 4, 2471, 10_062, 99_999_999]) {
      for (let cents = 0; cents < 100; cents += 1) {
        const typed = Number(`${whole}.${String(cents).padStart(2, '0')}`);
        expect(yuanToFen(typed), String(typed)).toBe(whole * 100 + cents);
      }
    }
  });
});
