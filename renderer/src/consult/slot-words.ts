/**
 * A callback slot said the way people say times: 今天下午3点到3点半, not 2025-03-01T15:00+08:00.
 * Uses the kiosk's local time (the kiosk stands where the person lives).
 */
type Translate = (key: string, values?: Record<string, unknown>) => string;

const period = (hour: number): 'night' | 'morning' | 'noon' | 'afternoon' | 'evening' => {
  if (hour < 6) return 'night';
  if (hour < 12) return 'morning';
  if (hour < 13) return 'noon';
  if (hour < 18) return 'afternoon';
  return 'evening';
};

const startOfDay = (date: Date): number => new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();

function dayWords(date: Date, now: Date, t: Translate): string {
  const days = Math.round((startOfDay(date) - startOfDay(now)) / 86_400_000);
  if (days === 0) return t('consult.time.today');
  if (days === 1) return t('consult.time.tomorrow');
  return t('consult.time.date', { month: date.getMonth() + 1, day: date.getDate() });
}

/** 12-hour clock as spoken (下午3点半); noon stays 12. */
function clockWords(date: Date, t: Translate): string {
  const hour = date.getHours();
  const minute = date.getMinutes();
  const h = hour > 12 ? hour - 12 : hour;
  const time = minute === 0 ? t('consult.time.hour', { h }) : minute === 30 ? t('consult.time.halfHour', { h }) : t('consult.time.hourMinute', { h, m: String(minute).padStart(2, '0') });
  return t('consult.time.clock', { period: t(`consult.time.periods.${period(hour)}`), time });
}

/** Null for a slot that cannot be read (the screen then leaves the sentence out). */
export function slotInWords(startsAt: string, endsAt: string, nowMs: number, t: Translate): string | null {
  const start = new Date(startsAt);
  const end = new Date(endsAt);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || end <= start) return null;
  return t('consult.time.range', { day: dayWords(start, new Date(nowMs), t), from: clockWords(start, t), to: clockWords(end, t) });
}
