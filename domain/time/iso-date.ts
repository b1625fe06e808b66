/**
 * Calendar-date helpers on plain `YYYY-MM-DD` strings.
 *
 * Dates here are civil dates printed on a card, not instants: they have no time zone, so we never
 * route them through `Date` (which would shift them by the host's UTC offset). Today's date is
 * always passed in by the caller; nothing here reads the clock.
 */

/** ISO calendar date `YYYY-MM-DD`. */
export type IsoDate = string;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** True when the numbers name a day that exists in the proleptic Gregorian calendar. */
export function isRealDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const COMPACT_RE = /^(\d{4})(\d{2})(\d{2})$/;

/** `YYYY-MM-DD` that names a real day (rejects 2023-02-29, 2024-13-01, `2024-1-1`). */
export function isIsoDate(value: string): boolean {
  const m = ISO_RE.exec(value);
  return m !== null && isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/**
 * Card chips and ID numbers write dates as `YYYYMMDD`; returns the ISO form, or null if the eight
 * characters are not digits or the day does not exist.
 */
export function compactToIsoDate(compact: string): IsoDate | null {
  const m = COMPACT_RE.exec(compact);
  if (m === null) return null;
  const [, y, mo, d] = m as unknown as [string, string, string, string];
  return isRealDate(Number(y), Number(mo), Number(d)) ? `${y}-${mo}-${d}` : null;
}

/** Inverse of compactToIsoDate, for encoders. Throws on a malformed date (a programming error). */
export function isoToCompactDate(iso: IsoDate): string {
  assertIsoDate(iso, 'date');
  return iso.replaceAll('-', '');
}

/** For caller-supplied dates such as `today`: a malformed one is a bug upstream, not a card problem. */
export function assertIsoDate(value: string, what: string): void {
  if (!isIsoDate(value)) throw new RangeError(`${what} must be an ISO date YYYY-MM-DD, got ${JSON.stringify(value)}`);
}

/**
 * Negative, zero or positive like a comparator. Valid ISO dates sort lexicographically in
 * calendar order because every part is zero-padded to a fixed width.
 */
export function compareIsoDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
