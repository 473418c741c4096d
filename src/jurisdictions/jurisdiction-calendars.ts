import type { HolidayOverride } from './holidays.ts';
import type { JurisdictionRegistry } from './jurisdiction-registry.ts';
import type { Jurisdiction } from './jurisdiction-schema.ts';
import { createWorkingCalendar, type WorkingCalendar } from './working-calendar.ts';

/**
 * One working calendar per jurisdiction, built on first use. `replaceOverrides`
 * swaps in an admin's holiday corrections (stored in MongoDB) and drops the
 * cached calendar so the next question sees them.
 */
export interface JurisdictionCalendars {
  get(code: string): { jurisdiction: Jurisdiction; calendar: WorkingCalendar } | undefined;
  replaceOverrides(code: string, overrides: readonly HolidayOverride[]): void;
}

export function createJurisdictionCalendars(registry: JurisdictionRegistry): JurisdictionCalendars {
  const calendars = new Map<string, WorkingCalendar>();
  const overrides = new Map<string, readonly HolidayOverride[]>();
  return {
    get(code) {
      const jurisdiction = registry.get(code);
      if (!jurisdiction) return undefined;
      let calendar = calendars.get(code);
      if (!calendar) {
        calendar = createWorkingCalendar(jurisdiction, overrides.get(code) ?? []);
        calendars.set(code, calendar);
      }
      return { jurisdiction, calendar };
    },
    replaceOverrides(code, list) {
      overrides.set(code, list);
      calendars.delete(code);
    },
  };
}
