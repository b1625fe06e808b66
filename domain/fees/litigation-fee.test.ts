import { describe, expect, it } from 'vitest';
import { caseAcceptanceFee } from './litigation-fee.ts';

const yuan = (y: number) => Math.round(y * 100);

describe('case acceptance fee, 《诉讼费用交纳办法》第十三条第（一）项 (property cases, banded and cumulative)', () => {
  // Worked examples: each band's part of the claim at its own rate, added up.
  it.each([
    [5_000, 50],
    [10_000, 50],
    [50_000, 1_050], // 50 + 40,000 × 2.5 %
    [100_000, 2_300], // 50 + 90,000 × 2.5 %
    [150_000, 3_300], // 2,300 + 50,000 × 2 %
    [200_000, 4_300],
    [500_000, 8_800], // 4,300 + 300,000 × 1.5 %
    [1_000_000, 13_800], // 8,800 + 500,000 × 1 %
    [2_000_000, 22_800], // 13,800 + 1,000,000 × 0.9 %
    [5_000_000, 46_800], // 22,800 + 3,000,000 × 0.8 %
    [10_000_000, 81_800], // 46,800 + 5,000,000 × 0.7 %
    [20_000_000, 141_800], // 81,800 + 10,000,000 × 0.6 %
    [30_000_000, 191_800], // 141,800 + 10,000,000 × 0.5 %
  ])('a claim of %d 元 pays %d 元', (claim, fee) => {
    const result = caseAcceptanceFee({ kind: 'property', claimFen: yuan(claim) });
    expect(result.minFen).toBe(yuan(fee));
    expect(result.maxFen).toBe(yuan(fee));
    expect(result.article).toBe('《诉讼费用交纳办法》第十三条第（一）项');
    expect(result.lines.reduce((t, l) => t + l.feeFen, 0)).toBe(yuan(fee));
  });

  it('a migrant worker suing for 32,000 元 of wages: 600 元, halved to 300 元 under the simplified procedure (第十六条)', () => {
    const full = caseAcceptanceFee({ kind: 'property', claimFen: yuan(32_000) });
    expect(full.minFen).toBe(yuan(600));
    expect(full.lines).toEqual([
      { part: 'base', fromFen: 0, toFen: yuan(10_000), rateBp: null, feeFen: yuan(50) },
      { part: 'band', fromFen: yuan(10_000), toFen: yuan(100_000), rateBp: 250, feeFen: yuan(550) },
    ]);
    const simple = caseAcceptanceFee({ kind: 'property', claimFen: yuan(32_000) }, { simplifiedProcedure: true });
    expect(simple).toMatchObject({ minFen: yuan(300), maxFen: yuan(300), halved: true });
    expect(simple.article).toContain('第十六条');
  });

  it('works in fen: a claim with jiao and fen is banded exactly', () => {
    // 50 + 2,345.67 × 2.5 % = 50 + 58.64175 → 108.64 元
    expect(caseAcceptanceFee({ kind: 'property', claimFen: yuan(12_345.67) }).minFen).toBe(10_864);
  });

  it('refuses amounts that are not whole non-negative fen (a bug upstream, not a fee)', () => {
    expect(() => caseAcceptanceFee({ kind: 'property', claimFen: -1 })).toThrow(RangeError);
    expect(() => caseAcceptanceFee({ kind: 'property', claimFen: 1.5 })).toThrow(RangeError);
    expect(() => caseAcceptanceFee({ kind: 'divorce', propertyFen: Number.NaN })).toThrow(RangeError);
  });
});

describe('case acceptance fee, fixed and mixed cases', () => {
  it('a labour dispute pays 10 元 a case (第十三条第（四）项), 5 元 when halved', () => {
    expect(caseAcceptanceFee({ kind: 'labour_dispute' })).toMatchObject({ minFen: yuan(10), maxFen: yuan(10), article: '《诉讼费用交纳办法》第十三条第（四）项' });
    expect(caseAcceptanceFee({ kind: 'labour_dispute' }, { simplifiedProcedure: true }).minFen).toBe(yuan(5));
  });

  it('a divorce pays 50–300 元, and 0.5 % of the property above 200,000 元', () => {
    expect(caseAcceptanceFee({ kind: 'divorce', propertyFen: yuan(150_000) })).toMatchObject({ minFen: yuan(50), maxFen: yuan(300) });
    expect(caseAcceptanceFee({ kind: 'divorce', propertyFen: yuan(300_000) })).toMatchObject({ minFen: yuan(550), maxFen: yuan(800) });
  });

  it('a personality-rights case pays 100–500 元, with 1 % of damages from 50,000 to 100,000 元 and 0.5 % above', () => {
    expect(caseAcceptanceFee({ kind: 'personality_rights', damagesFen: yuan(40_000) })).toMatchObject({ minFen: yuan(100), maxFen: yuan(500) });
    // 500 (50k→100k at 1 %) + 250 (100k→150k at 0.5 %)
    expect(caseAcceptanceFee({ kind: 'personality_rights', damagesFen: yuan(150_000) })).toMatchObject({ minFen: yuan(850), maxFen: yuan(1_250) });
  });

  it('other non-property cases pay 50–100 元; administrative cases 50 元, or 100 元 for trademark, patent and maritime', () => {
    expect(caseAcceptanceFee({ kind: 'other_non_property' })).toMatchObject({ minFen: yuan(50), maxFen: yuan(100) });
    expect(caseAcceptanceFee({ kind: 'administrative', trademarkPatentMaritime: false }).minFen).toBe(yuan(50));
    expect(caseAcceptanceFee({ kind: 'administrative', trademarkPatentMaritime: true }).minFen).toBe(yuan(100));
  });
});
