/**
 * The kiosk's wall clock in its own time zone (Asia/Shanghai by default), whatever zone the host
 * happens to be set to: application numbers and receipt times are read by citizens and centre
 * staff in local time, and a host left on UTC must not make an 07:30 application "yesterday's".
 */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Offset of the zone from UTC at that instant, in minutes (Asia/Shanghai: +480). */
  offsetMinutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

export const localDateTime = (epochMs: number, timeZone: string): LocalDateTime => {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(epochMs)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const year = parts.year!;
  const month = parts.month!;
  const day = parts.day!;
  const hour = parts.hour!;
  const minute = parts.minute!;
  const second = parts.second!;
  const wholeSecond = Math.floor(epochMs / 1000) * 1000;
  const offsetMinutes = Math.round((Date.UTC(year, month - 1, day, hour, minute, second) - wholeSecond) / 60_000);
  return { year, month, day, hour, minute, second, offsetMinutes };
};

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYYMMDD` of the local calendar day. */
export const localCompactDate = (epochMs: number, timeZone: string): string => {
  const t = localDateTime(epochMs, timeZone);
  return `${pad(t.year, 4)}${pad(t.month)}${pad(t.day)}`;
};

/** ISO 8601 local time with its offset, e.g. `2026-11-23T14:05:07+08:00`: printable as is, and unambiguous. */
export const localTimestamp = (epochMs: number, timeZone: string): string => {
  const t = localDateTime(epochMs, timeZone);
  const sign = t.offsetMinutes < 0 ? '-' : '+';
  const offset = Math.abs(t.offsetMinutes);
  return (
    `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}` +
    `${sign}${pad(Math.floor(offset / 60))}:${pad(offset % 60)}`
  );
};
