import { addDays, daysBetween } from '../time/local-date.ts';
import {
  mergePending,
  oldestPlaces,
  pendingByDay,
  periodFigures,
  type PeriodFigures,
  type TimeFigures,
} from './annual-report.ts';
import { addEventCounts, emptyEventCounts, type EventCounts } from './event-counts.ts';
import type { AgencyInfo } from './stats-report.ts';
import type { Audience } from './rollup.ts';

/** One agency's (or several's) event counts over the three ranges a report reads. */
export interface ReportRows {
  agency: string;
  jurisdiction: string;
  /** From the first day on record to the day before the previous period. */
  beforePrevious: EventCounts;
  previous: EventCounts;
  current: EventCounts;
}

/** The periods of a report: the one asked, the one before, and the day its figures run to. */
export interface ReportPeriods {
  from: string;
  to: string;
  /** The last day counted: `to`, or today for a period not yet over. */
  end: string;
  previous: { from: string; to: string };
}

/** One of the ten oldest pending requests (no ref of a private or taken-down one in public). */
export interface OldestPending {
  ref: string | null;
  agency: string;
  received: string;
  age: number;
  late: boolean;
  public: boolean;
}

/** The law's part of a report: figures in its own counting and on its own articles. */
interface LawSection {
  jurisdiction: string;
  dayType: 'working' | 'calendar';
  times: {
    current: Record<'all' | 'normal' | 'urgent', TimeFigures>;
    previous: Record<'all' | 'normal' | 'urgent', TimeFigures>;
  };
  refusals: ArticleLine[];
  appealRefusals: ArticleLine[];
}

interface ArticleLine {
  article: string;
  current: number;
  previous: number;
}

/** The figures a report shows for a period (PeriodFigures less what only feeds other parts). */
export type ReportFigures = Omit<
  PeriodFigures,
  'times' | 'refusals' | 'publicRefusals' | 'appealRefusals' | 'publicAppealRefusals'
>;

export interface AnnualReport {
  periods: ReportPeriods;
  audience: Audience;
  totals: { current: ReportFigures; previous: ReportFigures };
  agencies: { agency: AgencyInfo; current: ReportFigures; previous: ReportFigures }[];
  laws: LawSection[];
  oldest: OldestPending[];
}

/** Counts without their tallies by day (only the pending's ages read those: pendingByDay). */
const withoutDays = (counts: EventCounts): EventCounts => ({
  ...counts,
  insByDay: {},
  outsByInDay: {},
});

const sumRows = (
  rows: readonly ReportRows[],
  part: keyof Omit<ReportRows, 'agency' | 'jurisdiction'>,
) => rows.reduce((sum, row) => addEventCounts(sum, withoutDays(row[part])), emptyEventCounts());

/** What was pending at the end of each period, by day of arrival. */
interface PendingAt {
  previous: readonly [string, number][];
  current: readonly [string, number][];
}

/** Both periods' figures of some rows (an agency, a law, all); the pending's ages from `pending`. */
function bothPeriods(rows: readonly ReportRows[], periods: ReportPeriods, pending?: PendingAt) {
  const beforePrevious = sumRows(rows, 'beforePrevious');
  const previous = sumRows(rows, 'previous');
  return {
    current: periodFigures(
      addEventCounts(addEventCounts(emptyEventCounts(), beforePrevious), previous),
      sumRows(rows, 'current'),
      periods.end,
      pending?.current ?? null,
    ),
    previous: periodFigures(
      beforePrevious,
      previous,
      periods.previous.to,
      pending?.previous ?? null,
    ),
  };
}

/** The parts of PeriodFigures that feed other parts of the report, not its figures. */
const FED = ['times', 'refusals', 'publicRefusals', 'appealRefusals', 'publicAppealRefusals'];
const shown = (figures: PeriodFigures): ReportFigures =>
  Object.fromEntries(
    Object.entries(figures).filter(([key]) => !FED.includes(key)),
  ) as ReportFigures;

/** Article lines of both periods, most used now first (then before). */
function articleLines(
  current: readonly { article: string; count: number }[],
  previous: readonly { article: string; count: number }[],
): ArticleLine[] {
  const articles = new Set([...current, ...previous].map((line) => line.article));
  const count = (list: typeof current, article: string) =>
    list.find((line) => line.article === article)?.count ?? 0;
  return [...articles]
    .map((article) => ({
      article,
      current: count(current, article),
      previous: count(previous, article),
    }))
    .sort(
      (a, b) =>
        b.current - a.current || b.previous - a.previous || a.article.localeCompare(b.article),
    );
}

const PUBLIC_TALLY = {
  refusals: 'publicRefusals',
  appealRefusals: 'publicAppealRefusals',
} as const;

/**
 * The annual report (pure) from each agency's rows: totals and agencies,
 * each law's response times and refusals by article (its own counting, its
 * own articles), for the period and the one before. Every listed agency
 * appears, with zeros when nothing happened. Visitors get the refusals of
 * public requests only. `totals` come from reportTotals, `oldest` from the
 * store (read from `totals.oldestPlaces`).
 */
export function shapeReport(
  rows: readonly ReportRows[],
  agencies: readonly AgencyInfo[],
  periods: ReportPeriods,
  dayTypeOf: (jurisdiction: string) => 'working' | 'calendar',
  audience: Audience,
  totals: Totals,
  oldest: readonly OldestPending[],
): AnnualReport {
  const known = new Map(agencies.map((a) => [a.code, a]));
  for (const row of rows)
    if (!known.has(row.agency))
      known.set(row.agency, {
        code: row.agency,
        jurisdiction: row.jurisdiction,
        name: { ar: row.agency, en: row.agency },
      });
  const codes = [...new Set([...known.values()].map((a) => a.jurisdiction))].sort();
  const laws = codes.map((jurisdiction) => {
    // A country's report has one law: its figures are the totals.
    const both =
      codes.length === 1
        ? totals
        : bothPeriods(
            rows.filter((row) => row.jurisdiction === jurisdiction),
            periods,
          );
    // Visitors read the refusals of public requests only.
    const pick = (figures: PeriodFigures, kind: 'refusals' | 'appealRefusals') =>
      figures[audience === 'public' ? PUBLIC_TALLY[kind] : kind];
    return {
      jurisdiction,
      dayType: dayTypeOf(jurisdiction),
      times: { current: both.current.times, previous: both.previous.times },
      refusals: articleLines(pick(both.current, 'refusals'), pick(both.previous, 'refusals')),
      appealRefusals: articleLines(
        pick(both.current, 'appealRefusals'),
        pick(both.previous, 'appealRefusals'),
      ),
    };
  });
  return {
    periods,
    audience,
    totals: { current: shown(totals.current), previous: shown(totals.previous) },
    agencies: [...known.values()]
      .sort((a, b) => a.jurisdiction.localeCompare(b.jurisdiction) || a.code.localeCompare(b.code))
      .map((agency) => {
        // One agency's report: its line is the totals, ages and all.
        const both =
          known.size === 1 && rows.every((row) => row.agency === agency.code)
            ? totals
            : bothPeriods(
                rows.filter((row) => row.agency === agency.code),
                periods,
              );
        return { agency, current: shown(both.current), previous: shown(both.previous) };
      }),
    laws,
    oldest: oldest.map((o) => (audience === 'public' && !o.public ? { ...o, ref: null } : o)),
  };
}

/**
 * The totals of all rows for both periods, with the pending's ages, and
 * where the ten oldest pending at the end lie: each agency's pending by day
 * read once, then merged.
 */
export function reportTotals(rows: readonly ReportRows[], periods: ReportPeriods) {
  const pending = rows.map((row) => ({
    agency: row.agency,
    previous: pendingByDay(row.beforePrevious, row.previous),
    current: pendingByDay(row.beforePrevious, row.previous, row.current),
  }));
  return {
    ...bothPeriods(rows, periods, {
      previous: mergePending(pending.map((p) => p.previous)),
      current: mergePending(pending.map((p) => p.current)),
    }),
    oldestPlaces: oldestPlaces(
      pending.map((p) => ({ agency: p.agency, pending: p.current })),
      10,
    ),
  };
}
export type Totals = ReturnType<typeof reportTotals>;

const monthIndex = (day: string) => Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;
const monthStart = (index: number) =>
  `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}-01`;

/**
 * A report's periods (pure): the one asked, counted to `today` while it runs,
 * and the one before it, as long: as many whole months before a period of
 * whole months (a calendar year's is the year before), else as many days.
 */
export function reportPeriods(from: string, to: string, today: string): ReportPeriods {
  const end = to < today ? to : today;
  const dayBefore = addDays(from, -1);
  const wholeMonths = from.endsWith('-01') && addDays(to, 1).endsWith('-01');
  const previousFrom = wholeMonths
    ? monthStart(2 * monthIndex(from) - monthIndex(to) - 1)
    : addDays(dayBefore, -daysBetween(from, to));
  return { from, to, end, previous: { from: previousFrom, to: dayBefore } };
}
