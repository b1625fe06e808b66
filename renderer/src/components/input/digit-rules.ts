/**
 * What the digit pad accepts and what it hands on, without the DOM. The pad refuses a key that
 * cannot lead to a valid value (a 12th phone digit, a second decimal point, a third decimal), so a
 * person never has to find and undo a mistake the screen could have prevented.
 */
export type DigitKind = 'phone' | 'money' | 'count';

export const DEFAULT_MAX_LENGTH: Record<DigitKind, number> = { phone: 11, money: 12, count: 6 };

export type DigitProblem = 'phoneInvalid' | 'moneyInvalid' | 'countInvalid' | 'belowMin' | 'aboveMax';

export interface DigitCheck {
  /** Normalised value ('13812345678', '120.5', '3'), or null while empty or invalid. */
  readonly value: string | null;
  /** Why it is not valid; null when valid or still empty. */
  readonly problem: DigitProblem | null;
}

/** The raw text after pressing a key ('0'-'9' or '.'), or the same text when the key is refused. */
export function pressDigitKey(kind: DigitKind, raw: string, key: string, maxLength = DEFAULT_MAX_LENGTH[kind]): string {
  if (key === '.') {
    if (kind !== 'money' || raw.includes('.') || raw.length + (raw === '' ? 2 : 1) > maxLength) return raw;
    return raw === '' ? '0.' : `${raw}.`;
  }
  if (!/^[0-9]$/.test(key) || raw.length >= maxLength) return raw;
  if (kind === 'money') {
    const dot = raw.indexOf('.');
    if (dot !== -1 && raw.length - dot > 2) return raw; // two decimals already
  }
  // No leading zeros for amounts and counts: "0" then "5" reads as 5.
  if (kind !== 'phone' && raw === '0') return key;
  return raw + key;
}

export function checkDigits(kind: DigitKind, raw: string, min?: number | null, max?: number | null): DigitCheck {
  if (raw === '') return { value: null, problem: null };
  if (kind === 'phone') return /^1[0-9]{10}$/.test(raw) ? { value: raw, problem: null } : { value: null, problem: 'phoneInvalid' };
  const pattern = kind === 'money' ? /^[0-9]+(\.[0-9]{0,2})?$/ : /^[0-9]+$/;
  if (!pattern.test(raw)) return { value: null, problem: kind === 'money' ? 'moneyInvalid' : 'countInvalid' };
  const number = Number(raw);
  if (min !== undefined && min !== null && number < min) return { value: null, problem: 'belowMin' };
  if (max !== undefined && max !== null && number > max) return { value: null, problem: 'aboveMax' };
  // "12." and "12.50" are handed on as "12" and "12.5": the number, written the shortest way.
  return { value: String(number), problem: null };
}

/** Phone numbers shown 3-4-4 (138 1234 5678), the way people read them aloud. */
export function formatDigits(kind: DigitKind, raw: string): string {
  if (kind !== 'phone') return raw;
  return [raw.slice(0, 3), raw.slice(3, 7), raw.slice(7)].filter((part) => part !== '').join(' ');
}
