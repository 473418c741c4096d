import { daysBetween } from '../time/local-date.ts';
import { addEventCounts, emptyEventCounts, type EventCounts } from './event-counts.ts';
import { histogramPercentile } from './figure-totals.ts';
import { ANSWERS, DISPOSITIONS, TRACKS, type Disposition, type Track } from './request-stints.ts';

/** The response-time bands of the report (days, inclusive; the last open-ended). */
export const BANDS = [
  [0, 0],
  [1, 5],
  [6, 10],
  [11, 15],
  [16, 20],
  [21, 30],
  [31, 60],
  [61, null],
] as const;
export type Band = (typeof BANDS)[number];
export const bandKey = ([lo, hi]: Band) =>
  hi === null ? `${String(lo)}+` : `${String(lo)}-${String(hi)}`;

/** Response times of one track (or both): the answers counted, their median, mean, extremes and bands. */
export interface TimeFigures {
  answered: number;
  median: number | null;
  mean: number | null;
  lowest: number | null;
  highest: number | null;
  bands: { band: string; count: number }[];
}

export function timeFigures(histogram: Readonly<Record<string, number>>): TimeFigures {
  const entries = Object.entries(histogram)
    .map(([day, n]) => [Number(day), n] as const)
    .filter(([, n]) => n > 0);
  const answered = entries.reduce((sum, [, n]) => sum + n, 0);
  const total = entries.reduce((sum, [day, n]) => sum + day * n, 0);
  const days = entries.map(([day]) => day);
  return {
    answered,
    median: histogramPercentile(histogram, 50),
    mean: answered === 0 ? null : total / answered,
    lowest: days.length === 0 ? null : Math.min(...days),
    highest: days.length === 0 ? null : Math.max(...days),
    bands: BANDS.map((band) => ({
      band: bandKey(band),
      count: entries
        .filter(([day]) => day >= band[0] && (band[1] === null || day <= band[1]))
        .reduce((sum, [, n]) => sum + n, 0),
    })),
  };
}

/** A tally of articles as a list, most used first. */
const articleList = (tally: Readonly<Record<string, number>>) =>
  Object.entries(tally)
    .filter(([, count]) => count > 0)
    .map(([article, count]) => ({ article, count }))
    .sort((a, b) => b.count - a.count || a.article.localeCompare(b.article));

const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);
const processedOf = (counts: EventCounts) => sum(Object.values(counts.processed));

/** What was pending at the end of a period, by the local day each came: day → requests. */
export function pendingByDay(total: EventCounts): [string, number][] {
  return Object.entries(total.insByDay)
    .map(([day, n]) => [day, n - (total.outsByInDay[day] ?? 0)] as [string, number])
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => a.localeCompare(b));
}

/** The median age in calendar days at `end` of what was pending (nearest rank), or null. */
function medianAge(pending: readonly [string, number][], end: string): number | null {
  const count = sum(pending.map(([, n]) => n));
  if (count === 0) return null;
  const rank = Math.ceil(count / 2);
  let seen = 0;
  // The oldest first: the median of the ages, counted from the youngest end, is the same rank.
  for (const [day, n] of [...pending].reverse()) {
    seen += n;
    if (seen >= rank) return daysBetween(day, end);
  }
  return null;
}

/**
 * Every figure of the annual report for one period (pure), from the event
 * counts before it (from the first day on record to the day before it
 * starts) and within it. `end` is its last day (or today, for a period not
 * over): ages are counted to it. Without `ages` (an agency's line in a
 * country's report) the pending's ages are left out, the costly part.
 */
export function periodFigures(before: EventCounts, period: EventCounts, end: string, ages = true) {
  const pendingStart = before.received - processedOf(before);
  const processed = processedOf(period);
  // What came and left up to the end; its tallies by day only when the ages are asked.
  const total = addEventCounts(
    addEventCounts(
      emptyEventCounts(),
      ages ? before : { ...before, insByDay: {}, outsByInDay: {} },
    ),
    ages ? period : { ...period, insByDay: {}, outsByInDay: {} },
  );
  const backlog = (c: EventCounts) => c.lateStarted - c.lateEnded;
  const deemed = (c: EventCounts) => c.silentStarted - c.silentEnded;
  const appealsPending = (c: EventCounts) => c.appeals.received - c.appeals.decided;
  const answered = sum(ANSWERS.map((d) => period.processed[d]));
  const both: Record<string, number> = {};
  for (const track of TRACKS)
    for (const [day, n] of Object.entries(period.times[track])) both[day] = (both[day] ?? 0) + n;
  const pending = ages ? pendingByDay(total) : [];
  return {
    received: period.received,
    transferredIn: period.transferredIn,
    processed,
    pendingStart,
    pendingEnd: pendingStart + period.received - processed,
    dispositions: Object.fromEntries(DISPOSITIONS.map((d) => [d, period.processed[d]])) as Record<
      Disposition,
      number
    >,
    answered,
    answeredOnTime: period.answeredOnTime,
    onTimeRate: answered === 0 ? null : period.answeredOnTime / answered,
    extended: period.extended,
    transferredOut: period.processed.transferred,
    backlogStart: backlog(before),
    backlogEnd: backlog(total),
    deemedRefusalsStart: deemed(before),
    deemedRefusalsEnd: deemed(total),
    refusals: articleList(period.refusals),
    publicRefusals: articleList(period.publicRefusals),
    appeals: {
      received: period.appeals.received,
      decided: period.appeals.decided,
      pendingStart: appealsPending(before),
      pendingEnd: appealsPending(total),
      upheld: period.appeals.upheld,
      overturned: period.appeals.overturned,
      partially_overturned: period.appeals.partially_overturned,
      decidedInTime: period.appeals.decidedInTime,
    },
    appealRefusals: articleList(period.appealRefusals),
    publicAppealRefusals: articleList(period.publicAppealRefusals),
    times: {
      all: timeFigures(both),
      ...(Object.fromEntries(TRACKS.map((t) => [t, timeFigures(period.times[t])])) as Record<
        Track,
        TimeFigures
      >),
    },
    pendingMedianAge: ages ? medianAge(pending, end) : null,
    /** The first days holding what was pending, oldest first: where the ten oldest are. */
    oldestDays: oldestDays(pending, 10),
  };
}
export type PeriodFigures = ReturnType<typeof periodFigures>;

/** The fewest oldest days that hold `count` pending requests (or all there are). */
function oldestDays(pending: readonly [string, number][], count: number): string[] {
  const days: string[] = [];
  let held = 0;
  for (const [day, n] of pending) {
    if (held >= count) break;
    days.push(day);
    held += n;
  }
  return days;
}
