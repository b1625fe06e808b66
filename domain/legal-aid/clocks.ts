/**
 * The statutory clocks the kiosk prints and the centre tracks (法律援助法 第四十三条, 第四十四条).
 *
 * Periods count whole days and the day the period starts is not counted (民法典 第二百零一条), so an
 * application received on the 5th is due on the 12th. Time the applicant spends supplementing
 * materials does not count toward the 7 days. When the last day falls on a public holiday the law
 * moves it to the next working day; that needs the official holiday calendar, so callers pass a
 * predicate for it (none = no extension, which errs on the early side).
 */
import { addDays, daysBetween } from './day-count.ts';
import type { IsoDate } from '../time/iso-date.ts';

export const DECISION_DAYS = 7;
export const ASSIGNMENT_DAYS = 3;
/** 第四十四条第一项: fewer than 7 days before the limitation or procedural deadline. */
export const URGENT_WITHIN_DAYS = 7;

export type NonWorkingDay = (date: IsoDate) => boolean;

function periodEnd(start: IsoDate, days: number, isNonWorkingDay?: NonWorkingDay): IsoDate {
  let end = addDays(start, days);
  // Bounded: no holiday run in China is longer than a few weeks.
  for (let i = 0; isNonWorkingDay !== undefined && isNonWorkingDay(end) && i < 60; i += 1) end = addDays(end, 1);
  return end;
}

/** Decision due (7 days from receipt, 第四十三条), pushed back by the days spent supplementing materials. */
export function decisionDueBy(receivedOn: IsoDate, supplementDays = 0, isNonWorkingDay?: NonWorkingDay): IsoDate {
  if (!Number.isInteger(supplementDays) || supplementDays < 0) {
    throw new RangeError(`supplementDays must be a non-negative integer, got ${supplementDays}`);
  }
  return periodEnd(receivedOn, DECISION_DAYS + supplementDays, isNonWorkingDay);
}

/** A lawyer assigned within 3 days of granting aid (第四十三条). */
export function assignmentDueBy(grantedOn: IsoDate, isNonWorkingDay?: NonWorkingDay): IsoDate {
  return periodEnd(grantedOn, ASSIGNMENT_DAYS, isNonWorkingDay);
}

/** Days from today until `due`: 0 on the day itself, negative once it has passed. */
export function daysLeft(today: IsoDate, due: IsoDate): number {
  return daysBetween(today, due);
}

/**
 * 第四十四条: fewer than 7 days remain before the deadline, so the centre may grant provisional aid. A
 * deadline already passed is urgent too: the centre, not the kiosk, judges whether anything can be done.
 */
export function isUrgent(today: IsoDate, deadline: IsoDate): boolean {
  return daysLeft(today, deadline) < URGENT_WITHIN_DAYS;
}
