/**
 * Dates as Chinese documents write them. The date under a signature is written in Chinese numerals
 * (二〇二六年十一月二十三日), as on court and arbitration forms; dates inside the facts keep
 * Arabic figures (2026年3月1日), which read better in running text.
 */
const DIGITS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(iso: string): [number, number, number] | null {
  const m = ISO.exec(iso);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

/** 1..31 in words: 十, 十一, 二十, 二十三. */
function small(n: number): string {
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 0 ? '' : tens === 1 ? '十' : `${DIGITS[tens]}十`}${ones === 0 ? '' : DIGITS[ones]}`;
}

/** '2026-11-23' -> 二〇二六年十一月二十三日; the input unchanged when it is not an ISO date. */
export function chineseDate(iso: string): string {
  const p = parts(iso);
  if (!p) return iso;
  const year = String(p[0])
    .split('')
    .map((d) => DIGITS[Number(d)])
    .join('');
  return `${year}年${small(p[1])}月${small(p[2])}日`;
}

/** '2026-03-01' -> 2026年3月1日. */
export function figuresDate(iso: string): string {
  const p = parts(iso);
  return p ? `${p[0]}年${p[1]}月${p[2]}日` : iso;
}
