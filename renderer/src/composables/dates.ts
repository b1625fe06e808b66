/**
 * Dates in the person's language: 2026年11月30日 in Chinese, "30 November 2026" in English (a
 * written-out month reads unambiguously aloud and on screen). Anything that is not an ISO date is
 * shown as given.
 */
import { useI18n } from 'vue-i18n';
import { formatChineseDate } from '../apply/format';

const english = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

export function formatDateIn(locale: string, iso: string): string {
  if (!locale.startsWith('en')) return formatChineseDate(iso);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? english.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))) : iso;
}

export function useDateFormat(): (iso: string) => string {
  const { locale } = useI18n();
  return (iso) => formatDateIn(locale.value, iso);
}
