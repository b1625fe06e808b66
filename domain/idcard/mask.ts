/**
 * Display helpers that keep personal data off screens, receipts and logs.
 */
import { assertIsoDate, compareIsoDates } from '../time/iso-date.ts';
import type { IsoDate } from './types.ts';

const STARS = '********';

/**
 * `110105********002X`: the region and the last four stay readable so a citizen can recognise
 * their own number on a receipt; the birth date and sequence are hidden. 2017 permits keep the
 * nationality letters and the last four (`USA********1501`). Any other length is a caller bug or
 * a corrupted read; we hide every character rather than guess which ones are safe to show.
 */
export function maskIdNumber(idNumber: string): string {
  const id = idNumber.toUpperCase();
  if (id.length === 18) return `${id.slice(0, 6)}${STARS}${id.slice(14)}`;
  if (id.length === 15) return `${id.slice(0, 3)}${STARS}${id.slice(11)}`;
  return '*'.repeat(id.length);
}

/**
 * Completed years of age on `today` (周岁). The age goes up on the birthday itself; someone born on
 * 29 February turns a year older on 1 March in common years (the anniversary day does not exist,
 * and 28 February would be before it). Legal thresholds that count "from the day after the
 * birthday" (e.g. criminal-law 周岁) need their own rule on top of this.
 */
export function ageOn(birthDate: IsoDate, today: IsoDate): number {
  assertIsoDate(birthDate, 'birthDate');
  assertIsoDate(today, 'today');
  if (compareIsoDates(birthDate, today) > 0) throw new RangeError('birthDate is after today');
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  // Month-day strings compare correctly because both are zero-padded `MM-DD`; 02-29 sorts after
  // 02-28, which is exactly the "not yet on 28 Feb" rule above.
  const hadBirthday = today.slice(5) >= birthDate.slice(5);
  return hadBirthday ? years : years - 1;
}
