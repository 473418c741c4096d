import { BadRequestError } from '../errors.ts';
import { currentRules } from '../jurisdictions/jurisdiction-rules.ts';
import { addDays } from '../time/local-date.ts';
import { emptyEventCounts } from './event-counts.ts';
import { BALANCES_ONLY, eventRows, type EventRow } from './event-rollup-store.ts';
import type { RollupScope } from './rollup-range.ts';
import {
  reportTotals,
  reportPeriods,
  shapeReport,
  type AnnualReport,
  type ReportRows,
} from './report-shape.ts';
import {
  agenciesOf,
  FIRST_DAY,
  todayIn,
  type StatsDeps,
  type StatsSelection,
} from './stats-service.ts';
import { oldestPending } from './stint-store.ts';

/** Each agency's rows of the three ranges side by side. */
function mergeRows(beforePrevious: EventRow[], previous: EventRow[], current: EventRow[]) {
  const rows = new Map<string, ReportRows>();
  const parts = { beforePrevious, previous, current } as const;
  for (const [part, list] of Object.entries(parts) as [keyof typeof parts, EventRow[]][])
    for (const row of list) {
      const merged = rows.get(row.agency) ?? {
        agency: row.agency,
        jurisdiction: row.jurisdiction,
        beforePrevious: emptyEventCounts(),
        previous: emptyEventCounts(),
        current: emptyEventCounts(),
      };
      merged[part] = row.counts;
      rows.set(row.agency, merged);
    }
  return [...rows.values()];
}

/**
 * The annual report of a selection (an agency, a country, or all; checked by
 * `selectStats`), from the event rollups alone: three range reads (the whole
 * record before the previous period, the previous period, this one) and the
 * ten oldest through an index. A period not over yet is counted to today in
 * the jurisdiction's time zone; one that has not begun is refused.
 */
export async function annualReport(
  deps: StatsDeps,
  selection: StatsSelection,
  now: Date,
): Promise<AnnualReport> {
  const home =
    selection.agency?.jurisdiction ??
    (selection.jurisdictions?.length === 1 ? selection.jurisdictions[0] : undefined);
  const today = todayIn(deps.calendars, now)(home ?? 'UTC');
  if (selection.from > today)
    throw new BadRequestError('VALIDATION.QUERY', 'error.validation.message', {
      from: 'validation.reportFuture',
    });
  const periods = reportPeriods(selection.from, selection.to, today);
  const agencies = await agenciesOf(selection);
  const scope: RollupScope = selection.agency
    ? { agency: selection.agency.code }
    : {
        jurisdictions: selection.jurisdictions ?? [...new Set(agencies.map((a) => a.jurisdiction))],
      };
  const [beforePrevious, previous, current] = await Promise.all([
    eventRows(scope, FIRST_DAY, addDays(periods.previous.from, -1), BALANCES_ONLY),
    eventRows(scope, periods.previous.from, periods.previous.to),
    eventRows(scope, periods.from, periods.end),
  ]);
  const rows = mergeRows(beforePrevious, previous, current);
  const totals = reportTotals(rows, periods);
  const oldest = await oldestPending(totals.oldestPlaces, periods.end);
  const dayTypeOf = (code: string) => {
    const jurisdiction = deps.calendars.get(code)?.jurisdiction;
    return (jurisdiction ? currentRules(jurisdiction).response.dayType : null) ?? 'working';
  };
  return shapeReport(rows, agencies, periods, dayTypeOf, selection.audience, totals, oldest);
}
