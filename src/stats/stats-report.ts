import { addDays } from '../time/local-date.ts';
import { emptyCounts, figuresOf, mergeCounts, type PublishedFigures } from './figure-totals.ts';
import { countsAsOf, type Audience, type Rollup } from './rollup.ts';

/** One stored rollup (of a day or a whole month) with where it belongs and its month. */
export interface RollupRow {
  agency: string;
  jurisdiction: string;
  /** `YYYY-MM`. */
  month: string;
  rollup: Rollup;
}

export interface AgencyInfo {
  code: string;
  jurisdiction: string;
  name: { ar: string; en: string };
}

export type AgencyFigures = { agency: AgencyInfo } & PublishedFigures;

export interface StatsReport {
  from: string;
  to: string;
  totals: PublishedFigures;
  agencies: AgencyFigures[];
}

/** Items grouped by a key, in the order met. */
const groupBy = <T>(items: readonly T[], key: (item: T) => string) => {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(key(item));
    if (list) list.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
};

/**
 * The figures of each agency and their totals over `from`–`to` (days of
 * receipt), from rollups alone. `todayOf` gives each jurisdiction's local
 * date, from which "overdue now" is derived. Every agency listed appears, with
 * zeros when it received nothing; an agency that has rollups but is no longer
 * listed still appears, under its code.
 */
export function agencyReport(
  rows: readonly RollupRow[],
  agencies: readonly AgencyInfo[],
  todayOf: (jurisdiction: string) => string,
  audience: Audience,
  range: { from: string; to: string },
): StatsReport {
  const byAgency = groupBy(rows, (row) => row.agency);
  const known = new Map(agencies.map((agency) => [agency.code, agency]));
  for (const [code, list] of byAgency)
    if (!known.has(code))
      known.set(code, {
        code,
        jurisdiction: list[0]?.jurisdiction ?? '',
        name: { ar: code, en: code },
      });
  let total = emptyCounts();
  const lines = [...known.values()]
    .sort((a, b) => a.jurisdiction.localeCompare(b.jurisdiction) || a.code.localeCompare(b.code))
    .map((agency) => {
      const counts = countsAsOf(
        (byAgency.get(agency.code) ?? []).map((row) => row.rollup),
        todayOf(agency.jurisdiction),
        audience,
      );
      total = mergeCounts(total, counts);
      return { agency, ...figuresOf(counts) };
    });
  return { from: range.from, to: range.to, totals: figuresOf(total), agencies: lines };
}

/** The months (`YYYY-MM`) from `from`'s to `to`'s, in order. */
function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.slice(0, 7).split('-').map(Number) as [number, number];
  const last = to.slice(0, 7);
  for (;;) {
    const key = `${String(year)}-${String(month).padStart(2, '0')}`;
    if (key > last) return months;
    months.push(key);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
}

/** How a range of days is read: its whole months from monthly sums, the rest day by day. */
export interface RangeParts {
  /** The first and last whole month (`YYYY-MM`), or null when the range holds none. */
  months: { from: string; to: string } | null;
  /** At most two runs of days: before the first whole month and after the last. */
  days: { from: string; to: string }[];
}

const nextMonth = (month: string) => addDays(lastDayOf(month), 1).slice(0, 7);
const previousMonth = (month: string) => addDays(`${month}-01`, -1).slice(0, 7);

/** Splits `from`–`to` (days, inclusive) into whole months and edge days, each day once. */
export function rangeParts(from: string, to: string): RangeParts {
  const first = from.endsWith('-01') ? from.slice(0, 7) : nextMonth(from.slice(0, 7));
  const last = to === lastDayOf(to.slice(0, 7)) ? to.slice(0, 7) : previousMonth(to.slice(0, 7));
  if (first > last) return { months: null, days: [{ from, to }] };
  const days: RangeParts['days'] = [];
  if (`${first}-01` > from) days.push({ from, to: addDays(`${first}-01`, -1) });
  if (lastDayOf(last) < to) days.push({ from: addDays(lastDayOf(last), 1), to });
  return { months: { from: first, to: last }, days };
}

/** The last day of `month` (`YYYY-MM`). */
export function lastDayOf(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const next =
    m === 12 ? `${String(year + 1)}-01-01` : `${String(year)}-${String(m + 1).padStart(2, '0')}-01`;
  return addDays(next, -1);
}

/** The days of `month` (`YYYY-MM`) that lie within the range. */
export function monthWithin(month: string, range: { from: string; to: string }) {
  const first = `${month}-01`;
  const last = lastDayOf(month);
  return { from: first < range.from ? range.from : first, to: last > range.to ? range.to : last };
}

/** One agency's (or several's) figures month by month over the range, empty months included. */
export function monthlyReport(
  rows: readonly RollupRow[],
  todayOf: (jurisdiction: string) => string,
  audience: Audience,
  range: { from: string; to: string },
): ({ month: string } & PublishedFigures)[] {
  const byMonth = groupBy(rows, (row) => row.month);
  return monthsBetween(range.from, range.to).map((month) => {
    let counts = emptyCounts();
    for (const row of byMonth.get(month) ?? [])
      counts = mergeCounts(counts, countsAsOf([row.rollup], todayOf(row.jurisdiction), audience));
    return { month, ...figuresOf(counts) };
  });
}
