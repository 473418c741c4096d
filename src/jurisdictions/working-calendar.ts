import { holidaysOfYear, type Holiday, type HolidayOverride } from './holidays.ts';
import type { Jurisdiction } from './jurisdiction-schema.ts';
import { isoWeekday, yearOf, type LocalDate } from '../time/local-date.ts';

/** Why a day is not a working day. */
type DayOff = { reason: 'weekend' } | { reason: 'holiday'; holiday: Holiday };

/** Answers, for one jurisdiction and its holiday overrides, which days are worked. */
export interface WorkingCalendar {
  readonly jurisdiction: Jurisdiction;
  /** Undefined for a working day; otherwise why the day is off (a weekend wins over a holiday). */
  dayOff(date: LocalDate): DayOff | undefined;
  isWorkingDay(date: LocalDate): boolean;
}

/**
 * Builds a calendar. Holidays are computed per year on first use and kept, so a
 * calendar is cheap to query many times; build a new one when overrides change.
 */
export function createWorkingCalendar(
  jurisdiction: Jurisdiction,
  overrides: readonly HolidayOverride[] = [],
): WorkingCalendar {
  const years = new Map<number, Map<LocalDate, Holiday>>();
  const holidayOn = (date: LocalDate): Holiday | undefined => {
    const year = yearOf(date);
    let days = years.get(year);
    if (!days) {
      days = holidaysOfYear(jurisdiction, year, overrides);
      years.set(year, days);
    }
    return days.get(date);
  };
  const weekendOn = (date: LocalDate): boolean => {
    // The last period that started on or before the date applies.
    let weekend: readonly number[] = jurisdiction.weekends[0]?.days ?? [];
    for (const period of jurisdiction.weekends) if (period.from <= date) weekend = period.days;
    return weekend.includes(isoWeekday(date));
  };
  const dayOff = (date: LocalDate): DayOff | undefined => {
    if (weekendOn(date)) return { reason: 'weekend' };
    const holiday = holidayOn(date);
    return holiday ? { reason: 'holiday', holiday } : undefined;
  };
  return { jurisdiction, dayOff, isWorkingDay: (date) => dayOff(date) === undefined };
}
