/**
 * The court's case acceptance fee (案件受理费) by 《诉讼费用交纳办法》 (国务院令第481号) 第十三条, with the
 * halving for the simplified procedure (第十六条). Issue 7's calculator shows the result with the
 * article it comes from, so a person knows the figure is the law's and not the kiosk's guess.
 *
 * Money is integer fen throughout (the hardship rule does the same): 2.5 % of 90,000 元 is exactly
 * 225,000 fen, with no floating-point drift. Rates are in basis points (2.5 % = 250).
 */

/** One band of 第十三条第（一）项: the part of the claim above `fromFen` (up to `toFen`) pays `rateBp`. */
interface Band {
  readonly fromFen: number;
  readonly toFen: number | null;
  readonly rateBp: number;
}

const YUAN = 100;
const WAN = 10_000 * YUAN;

/** 第十三条第（一）项 2–10: the bands above the first 10,000 元 (which pay 50 元 flat, item 1). */
const PROPERTY_BANDS: readonly Band[] = [
  { fromFen: 1 * WAN, toFen: 10 * WAN, rateBp: 250 },
  { fromFen: 10 * WAN, toFen: 20 * WAN, rateBp: 200 },
  { fromFen: 20 * WAN, toFen: 50 * WAN, rateBp: 150 },
  { fromFen: 50 * WAN, toFen: 100 * WAN, rateBp: 100 },
  { fromFen: 100 * WAN, toFen: 200 * WAN, rateBp: 90 },
  { fromFen: 200 * WAN, toFen: 500 * WAN, rateBp: 80 },
  { fromFen: 500 * WAN, toFen: 1000 * WAN, rateBp: 70 },
  { fromFen: 1000 * WAN, toFen: 2000 * WAN, rateBp: 60 },
  { fromFen: 2000 * WAN, toFen: null, rateBp: 50 },
];
const PROPERTY_FIRST_BAND_FEN = 50 * YUAN;

export type FeeCase =
  /** 财产案件 (e.g. 追索劳动报酬 in court, 人身损害赔偿, 赡养费/抚养费 by amount): by the amount claimed. */
  | { readonly kind: 'property'; readonly claimFen: number }
  /** 劳动争议案件: 10 元 a case. */
  | { readonly kind: 'labour_dispute' }
  /** 离婚案件: 50–300 元; property above 200,000 元 pays 0.5 % on the excess. */
  | { readonly kind: 'divorce'; readonly propertyFen: number }
  /** 人格权案件: 100–500 元; damages above 50,000 元: 1 % to 100,000 元, 0.5 % above. */
  | { readonly kind: 'personality_rights'; readonly damagesFen: number }
  /** 其他非财产案件: 50–100 元. */
  | { readonly kind: 'other_non_property' }
  /** 行政案件: 商标、专利、海事 100 元, others 50 元. */
  | { readonly kind: 'administrative'; readonly trademarkPatentMaritime: boolean };

export interface FeeLine {
  /** What this part of the fee is for, as a key the UI's label table words (e.g. 'band', 'base'). */
  readonly part: 'base' | 'band';
  readonly fromFen: number | null;
  readonly toFen: number | null;
  readonly rateBp: number | null;
  readonly feeFen: number;
}

export interface FeeResult {
  /** The lowest and highest fee the article allows (equal where the article names one figure). */
  readonly minFen: number;
  readonly maxFen: number;
  /** Where the figure comes from, cited on screen. */
  readonly article: string;
  readonly lines: readonly FeeLine[];
  /** 第十六条: the simplified procedure halves the fee; applied when asked for. */
  readonly halved: boolean;
}

export interface FeeOptions {
  /** 适用简易程序 (第十六条): the fee is halved. */
  readonly simplifiedProcedure?: boolean;
}

/** A fen amount must be a whole, non-negative number: anything else is a bug upstream. */
function checkFen(name: string, fen: number): void {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`${name} must be a non-negative whole number of fen, got ${fen}`);
}

/** Rounded half up to the fen: courts collect whole fen (in practice whole yuan; the UI shows both). */
function percentOf(amountFen: number, rateBp: number): number {
  return Math.round((amountFen * rateBp) / 10_000);
}

/** The banded part of an amount above `bands[0].fromFen`, one line per band it reaches. */
function banded(amountFen: number, bands: readonly Band[]): FeeLine[] {
  const lines: FeeLine[] = [];
  for (const band of bands) {
    if (amountFen <= band.fromFen) break;
    const top = band.toFen === null ? amountFen : Math.min(amountFen, band.toFen);
    lines.push({ part: 'band', fromFen: band.fromFen, toFen: band.toFen, rateBp: band.rateBp, feeFen: percentOf(top - band.fromFen, band.rateBp) });
  }
  return lines;
}

const sum = (lines: readonly FeeLine[]) => lines.reduce((total, line) => total + line.feeFen, 0);

function fixed(article: string, minFen: number, maxFen: number, extra: FeeLine[] = []): FeeResult {
  const base: FeeLine = { part: 'base', fromFen: null, toFen: null, rateBp: null, feeFen: minFen };
  const extraFen = sum(extra);
  return { minFen: minFen + extraFen, maxFen: maxFen + extraFen, article, lines: [base, ...extra], halved: false };
}

function beforeHalving(c: FeeCase): FeeResult {
  switch (c.kind) {
    case 'property': {
      checkFen('claimFen', c.claimFen);
      const lines: FeeLine[] = [
        { part: 'base', fromFen: 0, toFen: PROPERTY_BANDS[0]!.fromFen, rateBp: null, feeFen: PROPERTY_FIRST_BAND_FEN },
        ...banded(c.claimFen, PROPERTY_BANDS),
      ];
      const total = sum(lines);
      return { minFen: total, maxFen: total, article: '《诉讼费用交纳办法》第十三条第（一）项', lines, halved: false };
    }
    case 'labour_dispute':
      return fixed('《诉讼费用交纳办法》第十三条第（四）项', 10 * YUAN, 10 * YUAN);
    case 'divorce':
      checkFen('propertyFen', c.propertyFen);
      return fixed('《诉讼费用交纳办法》第十三条第（二）项第1目', 50 * YUAN, 300 * YUAN, banded(c.propertyFen, [{ fromFen: 20 * WAN, toFen: null, rateBp: 50 }]));
    case 'personality_rights':
      checkFen('damagesFen', c.damagesFen);
      return fixed(
        '《诉讼费用交纳办法》第十三条第（二）项第2目',
        100 * YUAN,
        500 * YUAN,
        banded(c.damagesFen, [
          { fromFen: 5 * WAN, toFen: 10 * WAN, rateBp: 100 },
          { fromFen: 10 * WAN, toFen: null, rateBp: 50 },
        ]),
      );
    case 'other_non_property':
      return fixed('《诉讼费用交纳办法》第十三条第（二）项第3目', 50 * YUAN, 100 * YUAN);
    case 'administrative':
      return c.trademarkPatentMaritime
        ? fixed('《诉讼费用交纳办法》第十三条第（五）项第1目', 100 * YUAN, 100 * YUAN)
        : fixed('《诉讼费用交纳办法》第十三条第（五）项第2目', 50 * YUAN, 50 * YUAN);
  }
}

/** The case acceptance fee for a case, with its article; halved under the simplified procedure (第十六条). */
export function caseAcceptanceFee(c: FeeCase, options: FeeOptions = {}): FeeResult {
  const full = beforeHalving(c);
  if (!options.simplifiedProcedure) return full;
  return {
    ...full,
    minFen: Math.round(full.minFen / 2),
    maxFen: Math.round(full.maxFen / 2),
    article: `${full.article}、第十六条`,
    halved: true,
  };
}
