import { t, type Locale } from '../i18n/i18n.ts';
import { formatDateWithHijri } from '../jurisdictions/date-format.ts';
import { wallClock } from '../jurisdictions/local-date.ts';

/** An instant as people of the jurisdiction read it: its local date (with Hijri) and time. */
export function formatInstant(at: Date | string, locale: Locale, timeZone: string, region: string) {
  const instant = typeof at === 'string' ? new Date(at) : at;
  const { date, minutes } = wallClock(instant, timeZone);
  const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  const separator = locale === 'ar' ? '، ' : ', ';
  return `${formatDateWithHijri(date, locale, { region })}${separator}${time}`;
}

/** The label of a status, an event, an outcome or a decision in `locale`. */
export const label = (locale: Locale, kind: string, value: string | null | undefined) =>
  value ? t(locale, `request.${kind}.${value}`) : '';
