import type { HolidayOverride } from './holidays.ts';
import type { JurisdictionRegistry } from './jurisdiction-registry.ts';
import { rulesByVersion } from './jurisdiction-rules.ts';
import type { Jurisdiction, Rules } from './jurisdiction-schema.ts';
import { createWorkingCalendar, type WorkingCalendar } from './working-calendar.ts';

/**
 * One working calendar per jurisdiction, built on first use. `replaceOverrides`
 * swaps in an admin's holiday corrections (stored in MongoDB) and drops the
 * cached calendar so the next question sees them.
 */
export interface JurisdictionCalendars {
  get(code: string): { jurisdiction: Jurisdiction; calendar: WorkingCalendar } | undefined;
  /** The code of every jurisdiction. */
  codes(): string[];
  replaceOverrides(code: string, overrides: readonly HolidayOverride[]): void;
  /**
   * Reloads every jurisdiction's overrides with `load` when the last load is
   * older than `maxAgeMs` (or `force`), so that every web process sees an
   * admin's change within that time, and the process that made it at once.
   */
  refresh(
    load: () => Promise<Map<string, readonly HolidayOverride[]>>,
    options: { now: number; maxAgeMs: number; force?: boolean },
  ): Promise<void>;
}

export function createJurisdictionCalendars(registry: JurisdictionRegistry): JurisdictionCalendars {
  const calendars = new Map<string, WorkingCalendar>();
  const overrides = new Map<string, readonly HolidayOverride[]>();
  let loadedAt = Number.NEGATIVE_INFINITY;
  const replaceOverrides = (code: string, list: readonly HolidayOverride[]) => {
    overrides.set(code, list);
    calendars.delete(code);
  };
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
    codes: () => registry.all().map((jurisdiction) => jurisdiction.code),
    replaceOverrides,
    async refresh(load, { now, maxAgeMs, force = false }) {
      if (!force && now - loadedAt < maxAgeMs) return;
      const byCode = await load();
      for (const jurisdiction of registry.all()) {
        const next = byCode.get(jurisdiction.code) ?? [];
        const current = overrides.get(jurisdiction.code) ?? [];
        if (JSON.stringify(next) !== JSON.stringify(current))
          replaceOverrides(jurisdiction.code, next);
      }
      loadedAt = now;
    },
  };
}

/**
 * A request's jurisdiction, its working calendar and the version of the rules
 * the request was filed under; undefined when either is unknown.
 */
export function calendarAndRules(
  calendars: JurisdictionCalendars,
  request: { jurisdiction: string; rulesVersion: string },
): { jurisdiction: Jurisdiction; calendar: WorkingCalendar; rules: Rules } | undefined {
  const found = calendars.get(request.jurisdiction);
  const rules = found ? rulesByVersion(found.jurisdiction, request.rulesVersion) : undefined;
  return found && rules ? { ...found, rules } : undefined;
}
