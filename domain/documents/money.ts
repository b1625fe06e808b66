/**
 * Money as the documents and the voice need it. A claim is written twice in a complaint, in figures
 * and in capital numerals (人民币32,000元（大写：叁万贰仟元整）), because capital numerals cannot be
 * altered by adding a stroke; the voice needs plain spoken words (三万二千元), since the offline
 * engine reads digits in English. Amounts are integer fen, as in domain/fees.
 */

/** '32000', '123.5', '0.05' -> fen; null for anything that is not a plain amount of yuan. */
export function parseYuan(text: string): number | null {
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}

/** 3200000 -> '32,000'; 12345 -> '123.45'; 12340 -> '123.40' (jiao and fen shown only when present). */
export function yuanFigures(fen: number): string {
  const yuan = Math.floor(fen / 100);
  const cents = fen % 100;
  const grouped = String(yuan).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return cents === 0 ? grouped : `${grouped}.${String(cents).padStart(2, '0')}`;
}

interface Numerals {
  readonly digits: readonly string[];
  /** 十 百 千 within a group of four. */
  readonly small: readonly [string, string, string];
  /** 万 亿 between groups. */
  readonly big: readonly [string, string];
  /** Whether 10-19 at the very start read 十五 (spoken) rather than 壹拾伍 (capital). */
  readonly bareTen: boolean;
}

const CAPITAL: Numerals = { digits: ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'], small: ['拾', '佰', '仟'], big: ['万', '亿'], bareTen: false };
const SPOKEN: Numerals = { digits: ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'], small: ['十', '百', '千'], big: ['万', '亿'], bareTen: true };

const GROUP_NAMES = ['', '万', '亿', '万亿'] as const;

/**
 * 0..9999 in numerals. `leading`: the number's first group (a later group with leading zeros reads
 * 零 first: 一万零五), and only there may 10-19 drop the 一 (十五 but 一百一十五).
 */
function group(n: number, numerals: Numerals, leading: boolean): string {
  const digits = String(n).padStart(4, '0').split('').map(Number);
  const units = [numerals.small[2], numerals.small[1], numerals.small[0], ''];
  let out = '';
  let zero = false;
  let started = false;
  digits.forEach((d, i) => {
    if (d === 0) {
      if (started) zero = true;
      return;
    }
    if (zero || (!leading && !started && i > 0)) out += numerals.digits[0];
    zero = false;
    const bare = numerals.bareTen && leading && !started && i === 2 && d === 1;
    out += (bare ? '' : numerals.digits[d]!) + units[i]!;
    started = true;
  });
  return out;
}

/** A whole number in Chinese numerals, one 零 for each run of zeros (10,005 -> 一万零五; 100,500 -> 十万零五百). */
function wholeNumber(n: number, numerals: Numerals): string {
  if (n === 0) return numerals.digits[0]!;
  const groups: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 10_000)) groups.push(rest % 10_000);
  let out = '';
  let pendingZero = false;
  for (let g = groups.length - 1; g >= 0; g -= 1) {
    const value = groups[g]!;
    if (value === 0) {
      pendingZero = out !== '';
      continue;
    }
    let text = group(value, numerals, out === '');
    if (pendingZero && !text.startsWith(numerals.digits[0]!)) text = numerals.digits[0] + text;
    pendingZero = false;
    out += text + GROUP_NAMES[g];
  }
  return out;
}

/** 人民币 capital form, as on cheques and court documents: 叁万贰仟元整, 壹佰贰拾叁元肆角伍分. */
export function yuanCapital(fen: number): string {
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const cents = fen % 10;
  let out = `${wholeNumber(yuan, CAPITAL)}元`;
  if (jiao === 0 && cents === 0) return `${out}整`;
  if (yuan === 0) out = '';
  if (jiao > 0) out += `${CAPITAL.digits[jiao]}角`;
  else if (yuan > 0) out += '零';
  if (cents > 0) out += `${CAPITAL.digits[cents]}分`;
  return out;
}

/** How the amount is said aloud: 二千三百元, 一千一百五十元, 一百零八元六角四分. */
export function yuanSpoken(fen: number): string {
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const cents = fen % 10;
  let out = yuan > 0 || (jiao === 0 && cents === 0) ? `${wholeNumber(yuan, SPOKEN)}元` : '';
  if (jiao > 0) out += `${SPOKEN.digits[jiao]}角`;
  else if (cents > 0 && yuan > 0) out += '零';
  if (cents > 0) out += `${SPOKEN.digits[cents]}分`;
  return out;
}

/** A whole number said aloud (for counts and percentages in the fee steps). */
export const numberSpoken = (n: number): string => wholeNumber(n, SPOKEN);
