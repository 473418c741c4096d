import { daysBetween } from '../time/local-date.ts';
import type { EventCounts } from './event-counts.ts';
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

const byDay = (net: Map<string, number>): [string, number][] =>
  [...net].filter(([, n]) => n > 0).sort(([a], [b]) => a.localeCompare(b));

/**
 * What was pending at the end of some consecutive parts of the record (the
 * counts from its first day on), by the local day each came: day → requests,
 * oldest first. Read once per agency: its tallies by day are the largest part
 * of the counts.
 */
export function pendingByDay(...parts: readonly EventCounts[]): [string, number][] {
  const net = new Map<string, number>();
  for (const part of parts) {
    for (const [day, n] of Object.entries(part.insByDay)) net.set(day, (net.get(day) ?? 0) + n);
    for (const [day, n] of Object.entries(part.outsByInDay)) net.set(day, (net.get(day) ?? 0) - n);
  }
  return byDay(net);
}

/** Several agencies' pending by day, together. */
export function mergePending(lists: readonly (readonly [string, number][])[]): [string, number][] {
  const net = new Map<string, number>();
  for (const list of lists) for (const [day, n] of list) net.set(day, (net.get(day) ?? 0) + n);
  return byDay(net);
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
 * over): ages are counted to it, from `pending` (pendingByDay) when given;
 * without it (an agency's line in a country's report) they are left out.
 */
export function periodFigures(
  before: EventCounts,
  period: EventCounts,
  end: string,
  pending: readonly [string, number][] | null = null,
) {
  const pendingStart = before.received - processedOf(before);
  const processed = processedOf(period);
  const backlog = (c: EventCounts) => c.lateStarted - c.lateEnded;
  const deemed = (c: EventCounts) => c.silentStarted - c.silentEnded;
  const appealsPending = (c: EventCounts) => c.appeals.received - c.appeals.decided;
  const answered = sum(ANSWERS.map((d) => period.processed[d]));
  const both: Record<string, number> = {};
  for (const track of TRACKS)
    for (const [day, n] of Object.entries(period.times[track])) both[day] = (both[day] ?? 0) + n;
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
    backlogEnd: backlog(before) + backlog(period),
    deemedRefusalsStart: deemed(before),
    deemedRefusalsEnd: deemed(before) + deemed(period),
    refusals: articleList(period.refusals),
    publicRefusals: articleList(period.publicRefusals),
    appeals: {
      received: period.appeals.received,
      decided: period.appeals.decided,
      pendingStart: appealsPending(before),
      pendingEnd: appealsPending(before) + appealsPending(period),
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
    pendingMedianAge: pending ? medianAge(pending, end) : null,
  };
}
export type PeriodFigures = ReturnType<typeof periodFigures>;

/** Where some of what was pending lies: an agency and a day of arrival. */
export interface PendingPlace {
  agency: string;
  day: string;
}

/**
 * Where the `count` oldest pending requests lie (pure): from each agency's
 * counts up to the end, the agency-days of arrival, oldest first, that hold
 * them (each read then by `{agency, inDay}`, an equality the index serves
 * well on every engine; a day's ties all come, to be sorted by ref).
 */
export function oldestPlaces(
  agencies: readonly { agency: string; pending: readonly [string, number][] }[],
  count: number,
): PendingPlace[] {
  const places = agencies
    .flatMap(({ agency, pending }) => pending.map(([day, n]) => ({ agency, day, n })))
    .sort((a, b) => a.day.localeCompare(b.day) || a.agency.localeCompare(b.agency));
  const chosen: PendingPlace[] = [];
  let held = 0;
  let lastDay = '';
  for (const place of places) {
    if (held >= count && place.day !== lastDay) break;
    chosen.push({ agency: place.agency, day: place.day });
    held += place.n;
    lastDay = place.day;
  }
  return chosen;
}
