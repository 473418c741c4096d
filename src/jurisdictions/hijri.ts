import { addDays, localDate, type LocalDate } from '../time/local-date.ts';

/** A date of the Umm al-Qura calendar. */
interface HijriDate {
  year: number;
  month: number;
  day: number;
}

const formatter = new Intl.DateTimeFormat('en-u-ca-islamic-umalqura-nu-latn', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
});

/** The Umm al-Qura date of a Gregorian date, from Node's own ICU data (no network). */
function toHijri(date: LocalDate): HijriDate {
  const values: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(`${date}T12:00:00Z`))) {
    if (part.type === 'year' || part.type === 'month' || part.type === 'day') {
      values[part.type] = Number.parseInt(part.value, 10);
    }
  }
  return { year: values.year ?? 0, month: values.month ?? 0, day: values.day ?? 0 };
}

const yearCache = new Map<number, ReadonlyMap<string, readonly LocalDate[]>>();

/** Every Gregorian date of `year` keyed by its Hijri month and day (`9-1` = 1 Ramadan). */
function hijriIndex(year: number): ReadonlyMap<string, readonly LocalDate[]> {
  let index = yearCache.get(year);
  if (!index) {
    const built = new Map<string, LocalDate[]>();
    for (let date = localDate(year, 1, 1); date.startsWith(`${year}`); date = addDays(date, 1)) {
      const hijri = toHijri(date);
      const key = `${hijri.month}-${hijri.day}`;
      built.set(key, [...(built.get(key) ?? []), date]);
    }
    index = built;
    yearCache.set(year, index);
  }
  return index;
}

/**
 * The Gregorian dates in `year` of Hijri `month`/`day`: none, one, or two (a
 * Hijri year is 11 days shorter, so 1 Muharram fell on both 10 Jan and 29 Dec 2008).
 */
export function gregorianOfHijri(year: number, month: number, day: number): readonly LocalDate[] {
  return hijriIndex(year).get(`${month}-${day}`) ?? [];
}
