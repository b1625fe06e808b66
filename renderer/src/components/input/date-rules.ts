/**
 * Date entry as eight digits, YYYYMMDD, without the DOM. Digits are typed in the order people say a
 * date (年 月 日); a key that cannot lead to a real date is refused (a 13th month, 2月30日, 4月31日),
 * and a month or day that can only be one digit long is completed with a leading zero (typing 3 for
 * the month gives 03), so nobody has to know about leading zeros.
 */
export type DateProblem = 'beforeMin' | 'afterMax';

export interface DateCheck {
  /** 'YYYY-MM-DD' when all eight digits make a real date within the limits, else null. */
  readonly value: string | null;
  readonly problem: DateProblem | null;
}

export const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Whether these (possibly partial) digits can still become a real date. */
function possible(digits: string): boolean {
  if (digits.length >= 1 && !/^[12]/.test(digits)) return false; // years 1xxx and 2xxx only
  if (digits.length >= 5 && !/^[01]$/.test(digits[4] as string)) return false;
  if (digits.length >= 6) {
    const month = Number(digits.slice(4, 6));
    if (month < 1 || month > 12) return false;
  }
  if (digits.length >= 7 && !/^[0-3]$/.test(digits[6] as string)) return false;
  if (digits.length === 8) {
    const day = Number(digits.slice(6, 8));
    if (day < 1 || day > daysInMonth(Number(digits.slice(0, 4)), Number(digits.slice(4, 6)))) return false;
  }
  return true;
}

/** The digits after pressing a key, or the same digits when the key cannot lead to a real date. */
export function pressDateKey(digits: string, key: string): string {
  if (!/^[0-9]$/.test(key) || digits.length >= 8) return digits;
  let next = digits + key;
  if (next.length === 5 && Number(key) > 1) next = `${digits}0${key}`;
  else if (next.length === 7 && Number(key) > 3) next = `${digits}0${key}`;
  return possible(next) ? next : digits;
}

export function checkDate(digits: string, min?: string | null, max?: string | null): DateCheck {
  if (digits.length !== 8 || !possible(digits)) return { value: null, problem: null };
  const value = `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
  // ISO dates compare correctly as strings.
  if (min && value < min) return { value: null, problem: 'beforeMin' };
  if (max && value > max) return { value: null, problem: 'afterMax' };
  return { value, problem: null };
}

/** '19500307' -> ['1950', '03', '07']; missing digits as '_' so the person sees what is still to type. */
export function dateParts(digits: string): [string, string, string] {
  const padded = digits.padEnd(8, '_');
  return [padded.slice(0, 4), padded.slice(4, 6), padded.slice(6, 8)];
}

/** 'YYYY-MM-DD' back to digits (for an existing answer); anything else starts empty. */
export const digitsOf = (value: string): string => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? value.replace(/-/g, '') : '');
