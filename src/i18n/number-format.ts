import type { Locale } from './i18n.ts';
import type { Numerals } from './numerals.ts';

const formats = new Map<string, Intl.NumberFormat>();
const relatives = new Map<Locale, Intl.RelativeTimeFormat>();

/** The Intl locale of a page language: Latin digits in Arabic too, British English. */
const intlLocale = (locale: Locale) => (locale === 'ar' ? 'ar-u-nu-latn' : 'en-GB');

/**
 * A cached number format for `locale`: English pages with British conventions;
 * Arabic ones in `numerals` (Latin by default, as exports and refs are; with
 * Arabic-Indic digits their own separators and per-mille sign: "٨٧٫٥٪").
 */
export function numberFormat(
  locale: Locale,
  options: Intl.NumberFormatOptions,
  numerals: Numerals = 'latn',
): Intl.NumberFormat {
  const tag = locale === 'ar' && numerals === 'arab' ? 'ar-u-nu-arab' : intlLocale(locale);
  const key = `${tag}:${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(tag, options);
    formats.set(key, format);
  }
  return format;
}

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

/** A file's size as people read it: "45 bytes", "12.3 kB", "1.5 MB" (decimal units). */
export function formatBytes(locale: Locale, bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return numberFormat(locale, {
    style: 'unit',
    unit: UNITS[unit],
    unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

/** A number of days from today in the reader's words and grammar: "in 3 days", "خلال 11 يومًا", "yesterday". */
export function daysFromToday(locale: Locale, days: number): string {
  let format = relatives.get(locale);
  if (!format) {
    format = new Intl.RelativeTimeFormat(intlLocale(locale), { numeric: 'auto' });
    relatives.set(locale, format);
  }
  return format.format(days, 'day');
}
