import { gregorianOfHijri } from './hijri.ts';
import type { Jurisdiction } from './jurisdiction-schema.ts';
import { addDays, localDate, yearOf, type LocalDate } from '../time/local-date.ts';

/** A day off, with where it came from and whether its date is settled. */
export interface Holiday {
  date: LocalDate;
  name: { ar: string; en: string };
  source: 'fixed' | 'hijri' | 'explicit' | 'override';
  status: 'confirmed' | 'provisional';
}

/**
 * An administrator's correction, stored in MongoDB: `add` a day off, `remove` a
 * computed one, or `move` one (`date` → `to`). Overrides win over the config.
 */
export interface HolidayOverride {
  action: 'add' | 'remove' | 'move';
  date: LocalDate;
  to?: LocalDate | null;
  name?: { ar: string; en: string } | null;
  status: 'confirmed' | 'provisional';
}

/**
 * Every day off of `year` for a jurisdiction, keyed by date. Hijri days come
 * from Umm al-Qura shifted by the jurisdiction's offset and are provisional
 * until an explicit date or an override confirms them (moon sighting decides).
 */
export function holidaysOfYear(
  jurisdiction: Jurisdiction,
  year: number,
  overrides: readonly HolidayOverride[] = [],
): Map<LocalDate, Holiday> {
  const days = new Map<LocalDate, Holiday>();
  const put = (holiday: Holiday) => {
    if (yearOf(holiday.date) === year) days.set(holiday.date, holiday);
  };
  const { fixed, hijri, hijriOffsetDays, explicit } = jurisdiction.holidays;
  for (const rule of fixed) {
    const first = localDate(year, rule.month, rule.day);
    for (let i = 0; i < rule.length; i += 1) {
      put({ date: addDays(first, i), name: rule.name, source: 'fixed', status: 'confirmed' });
    }
  }
  // Explicit dates of a Hijri holiday for this year (the announced sighting) replace its computed ones.
  const announced = new Set(
    explicit.filter((day) => yearOf(day.date) === year).map((day) => day.name.en),
  );
  for (const rule of hijri) {
    if (announced.has(rule.name.en)) continue;
    // Look in the neighbouring years too: an offset or a long Eid can cross 1 January.
    for (const searchYear of [year - 1, year, year + 1]) {
      for (const start of gregorianOfHijri(searchYear, rule.month, rule.day)) {
        for (let i = 0; i < rule.length; i += 1) {
          put({
            date: addDays(start, hijriOffsetDays + i),
            name: rule.name,
            source: 'hijri',
            status: 'provisional',
          });
        }
      }
    }
  }
  for (const day of explicit)
    put({ date: day.date, name: day.name, source: 'explicit', status: day.status });
  for (const override of overrides) applyOverride(days, override, put);
  return days;
}

function applyOverride(
  days: Map<LocalDate, Holiday>,
  override: HolidayOverride,
  put: (holiday: Holiday) => void,
): void {
  const existing = days.get(override.date);
  if (override.action === 'remove' || override.action === 'move') days.delete(override.date);
  const name = override.name ?? existing?.name;
  if (!name) return;
  if (override.action === 'add')
    put({ date: override.date, name, source: 'override', status: override.status });
  if (override.action === 'move' && override.to) {
    put({ date: override.to, name, source: 'override', status: override.status });
  }
}
