/**
 * The statutory clocks of a case (legal-aid-rules.md, "Clocks"), as pure functions over the case
 * row. Dates are China civil dates (UTC+8, no daylight saving): the law counts days where the
 * applicant lives, not where the server's clock is set.
 */
import type { CaseClock, CaseStatus } from '../../../domain/centre/console-api.ts';
import { daysLeft } from '../../../domain/legal-aid/clocks.ts';
import { daysBetween } from '../../../domain/legal-aid/day-count.ts';

const CHINA_OFFSET_MS = 8 * 60 * 60_000;

/** The China date (YYYY-MM-DD) of an instant given in epoch milliseconds or as an ISO string. */
export const chinaDateOf = (instant: number | string): string => {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  if (!Number.isFinite(ms)) throw new RangeError('not an instant');
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
};

export interface ClockFields {
  readonly status: CaseStatus;
  readonly decision_due_on: string;
  readonly materials_due_on: string | null;
  readonly assignment_due_on: string | null;
}

/** Which clock runs in a status and the date it runs out, or null once the case is settled. */
export const runningClockDue = (c: ClockFields): { kind: CaseClock['kind']; dueOn: string } | null => {
  switch (c.status) {
    case 'received':
      return { kind: 'decision', dueOn: c.decision_due_on };
    // The 7-day clock stops while the applicant supplements; their own deadline runs instead.
    case 'materials_requested':
      return c.materials_due_on === null ? null : { kind: 'materials', dueOn: c.materials_due_on };
    case 'granted':
      return c.assignment_due_on === null ? null : { kind: 'assignment', dueOn: c.assignment_due_on };
    default:
      return null;
  }
};

export const runningClock = (c: ClockFields, today: string): CaseClock | null => {
  const due = runningClockDue(c);
  return due === null ? null : { ...due, daysLeft: daysLeft(today, due.dueOn) };
};

/**
 * Days the applicant spent supplementing materials (第四十三条: not counted toward the 7 days): from
 * the day they were asked to the day the materials came in, by China dates.
 */
export const supplementDaysSpent = (requestedAt: string, receivedAt: number): number =>
  Math.max(0, daysBetween(chinaDateOf(requestedAt), chinaDateOf(receivedAt)));
