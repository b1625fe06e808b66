/**
 * The fee's computation in words, line by line, as the result screen shows it: the first 10,000 元
 * at 50 元, then each band's part of the claim at its rate (《诉讼费用交纳办法》第十三条).
 */
import type { FeeResult } from '../../../../domain/fees/litigation-fee';
import { yuanFigures } from '../../../../domain/documents/money';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** 250 basis points -> 2.5% */
export const ratePercent = (rateBp: number): string => `${(rateBp / 100).toString()}%`;

export function feeLines(result: FeeResult, claimFen: number, t: Translate): string[] {
  const lines = result.lines.map((line) => {
    if (line.part === 'base') return line.fromFen === null ? t('fees.result.fixedBase', { fee: yuanFigures(line.feeFen) }) : t('fees.result.base', { fee: yuanFigures(line.feeFen) });
    const from = line.fromFen ?? 0;
    const top = line.toFen === null ? claimFen : Math.min(claimFen, line.toFen);
    const values = { from: yuanFigures(from), to: line.toFen === null ? '' : yuanFigures(line.toFen), part: yuanFigures(top - from), rate: ratePercent(line.rateBp ?? 0), fee: yuanFigures(line.feeFen) };
    return t(line.toFen === null ? 'fees.result.bandOpen' : 'fees.result.band', values);
  });
  const full = result.lines.reduce((sum, line) => sum + line.feeFen, 0);
  lines.push(t('fees.result.total', { fee: yuanFigures(full) }));
  if (result.halved) lines.push(t('fees.result.halvedTotal', { fee: yuanFigures(result.minFen) }));
  return lines;
}
