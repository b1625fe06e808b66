/**
 * The economic-hardship comparison (第三十四条: the province sets the standard). Money is handled in
 * integer fen so that 3 people on 10,062.63 元 compare exactly against 3,354.21 元 each, with no
 * floating-point drift. The result is a hint for the applicant and the centre, never a refusal:
 * the centre verifies (第四十一条).
 */
import type { RulePack } from './rule-pack.ts';

/** Yuan with at most two decimals to integer fen; throws on a negative or non-finite amount (a bug upstream). */
export function yuanToFen(yuan: number): number {
  if (!Number.isFinite(yuan) || yuan < 0) throw new RangeError(`amount must be a non-negative number of yuan, got ${yuan}`);
  return Math.round(yuan * 100);
}

export function fenToYuan(fen: number): number {
  return fen / 100;
}

/** '3,354.21' — grouped digits, always two decimals, for screens and print. */
export function formatYuan(fen: number): string {
  const whole = Math.floor(fen / 100);
  const cents = String(fen % 100).padStart(2, '0');
  return `${String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

export interface HardshipInput {
  readonly members: number;
  readonly monthlyIncome: number;
  /** Region of the competent centre; picks a regional standard (longest prefix) when the pack has one. */
  readonly regionCode?: string | null;
}

export interface HardshipAssessment {
  /** Household monthly income per member, yuan, rounded half-up to the fen. */
  readonly perMember: number;
  /** The applicable standard, yuan per member per month. */
  readonly standard: number;
  /** At or below the standard. Exact: compares income with standard × members in fen. */
  readonly withinStandard: boolean;
  readonly basis: string;
  readonly article: string;
}

function applicableStandard(pack: RulePack, regionCode: string | null | undefined): { fen: number; basis: string } {
  const h = pack.hardship;
  const regional = (regionCode ? h.regional.filter((r) => regionCode.startsWith(r.regionPrefix)) : []).sort(
    (a, b) => b.regionPrefix.length - a.regionPrefix.length,
  )[0];
  return regional
    ? { fen: yuanToFen(regional.monthlyIncomePerMember), basis: regional.basis }
    : { fen: yuanToFen(h.monthlyIncomePerMember), basis: h.basis };
}

export function assessHardship(pack: RulePack, input: HardshipInput): HardshipAssessment {
  if (!Number.isInteger(input.members) || input.members < 1) {
    throw new RangeError(`members must be a positive integer, got ${input.members}`);
  }
  const incomeFen = yuanToFen(input.monthlyIncome);
  const standard = applicableStandard(pack, input.regionCode);
  // Half-up rounding in integers: (2·income + members) / (2·members), floored.
  const perMemberFen = Math.floor((2 * incomeFen + input.members) / (2 * input.members));
  return {
    perMember: fenToYuan(perMemberFen),
    standard: fenToYuan(standard.fen),
    withinStandard: incomeFen <= standard.fen * input.members,
    basis: standard.basis,
    article: pack.hardship.article,
  };
}
