import type { Locale } from '../i18n/i18n.ts';
import { type LocalDate } from '../time/local-date.ts';

export interface DateFormatOptions {
  /** Arabic-Indic digits (٠١٢) on Arabic pages; Latin digits otherwise. */
  arabicDigits?: boolean;
  /** The jurisdiction's code: Arabic month names differ (آذار in Jordan and Lebanon, مارس in Morocco and Tunisia). */
  region?: string;
}

type Shape = 'long' | 'short' | 'month';
const SHAPES: Record<Shape, Intl.DateTimeFormatOptions> = {
  long: { day: 'numeric', month: 'long', year: 'numeric' },
  short: { day: 'numeric', month: 'short', year: 'numeric' },
  month: { month: 'long', year: 'numeric' },
};

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(
  locale: Locale,
  calendar: 'gregory' | 'islamic-umalqura',
  options: DateFormatOptions,
  shape: Shape = 'long',
): Intl.DateTimeFormat {
  const numbering = locale === 'ar' && options.arabicDigits ? 'arab' : 'latn';
  const language =
    locale === 'ar'
      ? options.region && /^[A-Z]{2}$/.test(options.region)
        ? `ar-${options.region}`
        : 'ar'
      : 'en-GB';
  const tag = `${language}-u-ca-${calendar}-nu-${numbering}`;
  const key = `${tag}:${shape}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(tag, {
      timeZone: 'UTC',
      weekday: calendar === 'gregory' && shape === 'long' ? 'long' : undefined,
      ...SHAPES[shape],
    });
    cache.set(key, format);
  }
  return format;
}

/**
 * A day in a list ("7 Dec 2026", "٧ كانون الأول ٢٠٢٦") or a month ("2026-12":
 * "December 2026"), with the region's month names. Anything else is returned as it is.
 */
export function shortDate(value: string, locale: Locale, options: DateFormatOptions = {}): string {
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(value);
  if (!match) return value;
  const day = match[3] !== undefined;
  return formatter(locale, 'gregory', options, day ? 'short' : 'month').format(
    new Date(`${match[1] ?? ''}-${match[2] ?? ''}-${match[3] ?? '01'}T12:00:00Z`),
  );
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
