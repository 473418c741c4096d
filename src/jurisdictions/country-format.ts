import type { Locale } from '../i18n/i18n.ts';
import { numberFormat } from '../i18n/number-format.ts';
import { numeralsFor, withNumerals, type Numerals } from '../i18n/numerals.ts';
import { wallClock, type LocalDate } from '../time/local-date.ts';
import { formatDateWithHijri, formatGregorian, shortDate } from './date-format.ts';

/** What a country's voice needs to know of it: its code (month names), time zone and digits. */
export interface FormatCountry {
  code: string;
  timeZone: string;
  /** The digits its Arabic texts use by custom (Arabic-Indic in the Mashriq, Latin in the Maghreb). */
  numerals: Numerals;
}

/**
 * How one country's dates, numbers and percentages are written on a page, a
 * chart or a mail: in the reader's language, with the country's month names
 * (كانون الأول in Jordan, دجنبر in Morocco) and the digits the reader chose in
 * the footer, else the country's own. Every page asks this one object, so a
 * Jordanian date reads the same everywhere. Exports (CSV, JSON, open data)
 * keep ISO dates and Latin digits and never come here.
 */
export interface CountryFormat {
  readonly locale: Locale;
  readonly numerals: Numerals;
  /** A day with its weekday: "Monday, 7 December 2026", "الاثنين، ٧ كانون الأول ٢٠٢٦". */
  day: (date: LocalDate | Date) => string;
  /** A day with the Umm al-Qura date beside it: "Friday, 20 March 2026 (1 Shawwal 1447 AH)". */
  dayWithHijri: (date: LocalDate | Date) => string;
  /** A day in a list or a table: "7 Dec 2026", "٧ كانون الأول ٢٠٢٦". */
  shortDay: (date: LocalDate | Date) => string;
  /** A month ("2026-12"): "December 2026", "كانون الأول ٢٠٢٦". */
  month: (month: string) => string;
  /** An instant as people of the country read it: the local day (with Hijri) and time. */
  instant: (at: Date | string) => string;
  /** A count or a figure: "1,234", "١٬٢٣٤". */
  number: (value: number, maximumFractionDigits?: number) => string;
  /** A ratio as a percentage: "87.5%", "٨٧٫٥٪". */
  percent: (ratio: number) => string;
  /** A sentence already written (numbers inside), its digits as this voice writes them. */
  digits: (text: string) => string;
}

/**
 * The voice of `country` for a reader of `locale` who chose `preference`
 * digits (or none). Without a country (a page about several), the reader's
 * choice, else Latin digits, and the language's own month names.
 */
export function countryFormat(
  locale: Locale,
  country: FormatCountry | undefined,
  preference: Numerals | undefined,
): CountryFormat {
  const numerals = numeralsFor(locale, country?.numerals, preference);
  const region = country?.code;
  const zone = country?.timeZone ?? 'UTC';
  const options = { region, arabicDigits: numerals === 'arab' };
  const localDay = (date: LocalDate | Date): LocalDate =>
    typeof date === 'string' ? date : wallClock(date, zone).date;
  return {
    locale,
    numerals,
    day: (date) => formatGregorian(localDay(date), locale, options),
    dayWithHijri: (date) => formatDateWithHijri(localDay(date), locale, options),
    shortDay: (date) => shortDate(localDay(date), locale, options),
    month: (month) => shortDate(month, locale, options),
    instant: (at) => {
      const { date, minutes } = wallClock(typeof at === 'string' ? new Date(at) : at, zone);
      const hours = String(Math.floor(minutes / 60)).padStart(2, '0');
      const time = withNumerals(`${hours}:${String(minutes % 60).padStart(2, '0')}`, numerals);
      return `${formatDateWithHijri(date, locale, options)}${locale === 'ar' ? '، ' : ', '}${time}`;
    },
    number: (value, maximumFractionDigits = 1) =>
      numberFormat(locale, { maximumFractionDigits }, numerals).format(value),
    percent: (ratio) =>
      numberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }, numerals).format(ratio),
    digits: (text) => withNumerals(text, numerals),
  };
}
