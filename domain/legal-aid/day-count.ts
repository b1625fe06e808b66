/**
 * Whole-day arithmetic on ISO civil dates, for the statutory clocks. Dates are converted to a day
 * number through Date.UTC only: UTC has no offset or daylight saving, so no host time zone can shift
 * a date by one (the reason iso-date.ts avoids Date for parsing).
 */
import { assertIsoDate, type IsoDate } from '../time/iso-date.ts';

const MS_PER_DAY = 86_400_000;

function dayNumber(date: IsoDate): number {
  assertIsoDate(date, 'date');
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY;
}

function fromDayNumber(day: number): IsoDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isInteger(days)) throw new RangeError(`days must be an integer, got ${days}`);
  return fromDayNumber(dayNumber(date) + days);
}

/** `to` minus `from` in days: positive when `to` is later. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from);
}
