/**
 * How a statutory clock reads and looks in the console: overdue in red, two days or less in amber.
 * Pure, so its thresholds are unit-tested without a browser.
 */
import type { CaseClock } from '../../../../domain/centre/console-api.ts';

export type ClockTone = 'overdue' | 'soon' | 'calm';

/** Two days or less is when a reviewer must act today or tomorrow. */
export const SOON_DAYS = 2;

export const clockTone = (clock: CaseClock): ClockTone => (clock.daysLeft < 0 ? 'overdue' : clock.daysLeft <= SOON_DAYS ? 'soon' : 'calm');

/** The i18n key and its count for the running clock's words. */
export const clockWords = (clock: CaseClock): { key: 'clock.left' | 'clock.today' | 'clock.overdue'; n: number } =>
  clock.daysLeft < 0 ? { key: 'clock.overdue', n: -clock.daysLeft } : clock.daysLeft === 0 ? { key: 'clock.today', n: 0 } : { key: 'clock.left', n: clock.daysLeft };
