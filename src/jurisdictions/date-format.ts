import type { Locale } from '../i18n/i18n.ts';
import { wallClock, type LocalDate } from '../time/local-date.ts';

export interface DateFormatOptions {
  /** Arabic-Indic digits (٠١٢) on Arabic pages; Latin digits otherwise. */
  arabicDigits?: boolean;
  /** The jurisdiction's code: Arabic month names differ (آذار in Jordan and Lebanon, مارس in Morocco and Tunisia). */
  region?: string;
}

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(
  locale: Locale,
  calendar: 'gregory' | 'islamic-umalqura',
  options: DateFormatOptions,
): Intl.DateTimeFormat {
  const numbering = locale === 'ar' && options.arabicDigits ? 'arab' : 'latn';
  const language =
    locale === 'ar'
      ? options.region && /^[A-Z]{2}$/.test(options.region)
        ? `ar-${options.region}`
        : 'ar'
      : 'en-GB';
  const tag = `${language}-u-ca-${calendar}-nu-${numbering}`;
  let format = cache.get(tag);
  if (!format) {
    format = new Intl.DateTimeFormat(tag, {
      timeZone: 'UTC',
      weekday: calendar === 'gregory' ? 'long' : undefined,
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });
    cache.set(tag, format);
  }
  return format;
}

/** `Friday 20 March 2026` / `الجمعة، ٢٠ مارس ٢٠٢٦`: a date of the jurisdiction's own calendar. */
export function formatGregorian(
  date: LocalDate,
  locale: Locale,
  options: DateFormatOptions = {},
): string {
  return formatter(locale, 'gregory', options).format(new Date(`${date}T12:00:00Z`));
}

/** The Umm al-Qura date, shown beside the Gregorian one: `1 Shawwal 1447 AH`. */
function formatHijri(date: LocalDate, locale: Locale, options: DateFormatOptions = {}): string {
  return formatter(locale, 'islamic-umalqura', options).format(new Date(`${date}T12:00:00Z`));
}

/** Gregorian with the Hijri date beside it. */
export function formatDateWithHijri(
  date: LocalDate,
  locale: Locale,
  options: DateFormatOptions = {},
): string {
  return `${formatGregorian(date, locale, options)} (${formatHijri(date, locale, options)})`;
}

/** An instant as people of the jurisdiction read it: its local date (with Hijri) and time. */
export function formatInstant(at: Date | string, locale: Locale, timeZone: string, region: string) {
  const instant = typeof at === 'string' ? new Date(at) : at;
  const { date, minutes } = wallClock(instant, timeZone);
  const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  const separator = locale === 'ar' ? '، ' : ', ';
  return `${formatDateWithHijri(date, locale, { region })}${separator}${time}`;
}
