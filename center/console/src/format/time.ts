/**
 * Dates and times as a Chinese legal-aid centre reads them: China time, whatever the browser's zone.
 */
const CHINA = 'Asia/Shanghai';

const dateTimeFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: CHINA,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const isoDayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: CHINA, year: 'numeric', month: '2-digit', day: '2-digit' });

/** '2026-11-23 09:05' from an ISO instant; the input unchanged when it is not one. */
export const formatInstant = (iso: string): string => {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = Object.fromEntries(dateTimeFormat.formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
};

/** The China date (YYYY-MM-DD) of an instant. */
export const chinaDate = (at: Date): string => isoDayFormat.format(at);
