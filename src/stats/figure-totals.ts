import type { RequestFigures } from '../requests/request-figures.ts';

type Outcome = 'granted' | 'partially_granted' | 'refused' | 'not_held';
const DECISIONS = ['upheld', 'overturned', 'partially_overturned'] as const;

/**
 * Counts that add up: the totals of any set of requests are the sum of the
 * totals of its parts (an agency-day, an agency, a jurisdiction), so rollups
 * can be summed. Days to answer are kept as a histogram (whole days → count),
 * which makes the median and the 90th percentile exact.
 */
export interface FigureCounts {
  received: number;
  answered: number;
  answeredOnTime: number;
  answeredLate: number;
  overdueNow: number;
  deemedRefusals: number;
  acknowledgementsDue: number;
  acknowledgedInTime: number;
  extended: number;
  transferred: number;
  clarified: number;
  withdrawn: number;
  outcomes: Record<Outcome, number>;
  refusalsByExemption: Record<string, number>;
  appeals: { filed: number; decidedOnTime: number } & Record<(typeof DECISIONS)[number], number>;
  daysHistogram: Record<string, number>;
}

export function emptyCounts(): FigureCounts {
  return {
    received: 0,
    answered: 0,
    answeredOnTime: 0,
    answeredLate: 0,
    overdueNow: 0,
    deemedRefusals: 0,
    acknowledgementsDue: 0,
    acknowledgedInTime: 0,
    extended: 0,
    transferred: 0,
    clarified: 0,
    withdrawn: 0,
    outcomes: { granted: 0, partially_granted: 0, refused: 0, not_held: 0 },
    refusalsByExemption: {},
    appeals: { filed: 0, decidedOnTime: 0, upheld: 0, overturned: 0, partially_overturned: 0 },
    daysHistogram: {},
  };
}

/** Adds one request's figures to `counts` (in place) and returns it. */
export function addFigures(counts: FigureCounts, f: RequestFigures): FigureCounts {
  counts.received += 1;
  if (f.answered) counts.answered += 1;
  if (f.answeredOnTime === true) counts.answeredOnTime += 1;
  if (f.answeredOnTime === false) counts.answeredLate += 1;
  if (f.overdueNow) counts.overdueNow += 1;
  if (f.deemedRefused) counts.deemedRefusals += 1;
  if (f.acknowledgedInTime !== null) counts.acknowledgementsDue += 1;
  if (f.acknowledgedInTime === true) counts.acknowledgedInTime += 1;
  if (f.extended) counts.extended += 1;
  if (f.transferred) counts.transferred += 1;
  if (f.clarified) counts.clarified += 1;
  if (f.withdrawn) counts.withdrawn += 1;
  if (f.outcome && f.outcome in counts.outcomes)
    counts.outcomes[f.outcome as keyof FigureCounts['outcomes']] += 1;
  for (const article of new Set(f.refusalArticles))
    counts.refusalsByExemption[article] = (counts.refusalsByExemption[article] ?? 0) + 1;
  if (f.appealFiled) counts.appeals.filed += 1;
  if (f.appealDecision && (DECISIONS as readonly string[]).includes(f.appealDecision))
    counts.appeals[f.appealDecision as (typeof DECISIONS)[number]] += 1;
  if (f.appealDecidedOnTime === true) counts.appeals.decidedOnTime += 1;
  if (f.daysToAnswer !== null) {
    const key = String(f.daysToAnswer);
    counts.daysHistogram[key] = (counts.daysHistogram[key] ?? 0) + 1;
  }
  return counts;
}

const addRecords = (into: Record<string, number>, from: Readonly<Record<string, number>>) => {
  for (const [key, value] of Object.entries(from)) into[key] = (into[key] ?? 0) + value;
};

/** The plain numbers of a set of counts (the records beside them add key by key). */
const COUNT_KEYS = [
  'received',
  'answered',
  'answeredOnTime',
  'answeredLate',
  'overdueNow',
  'deemedRefusals',
  'acknowledgementsDue',
  'acknowledgedInTime',
  'extended',
  'transferred',
  'clarified',
  'withdrawn',
] as const;

/** The sum of two sets of counts (rollups add up). */
export function mergeCounts(a: FigureCounts, b: FigureCounts): FigureCounts {
  const merged = emptyCounts();
  for (const counts of [a, b]) {
    for (const key of COUNT_KEYS) merged[key] += counts[key];
    addRecords(merged.outcomes, counts.outcomes);
    addRecords(merged.refusalsByExemption, counts.refusalsByExemption);
    addRecords(merged.appeals, counts.appeals);
    addRecords(merged.daysHistogram, counts.daysHistogram);
  }
  return merged;
}

/**
 * The p-th percentile (0 < p ≤ 100) of whole days by nearest rank: the
 * smallest value with at least p% of the answers at or below it. Null when empty.
 */
export function histogramPercentile(
  histogram: Readonly<Record<string, number>>,
  p: number,
): number | null {
  const days = Object.keys(histogram)
    .map(Number)
    .sort((a, b) => a - b);
  const total = days.reduce((sum, day) => sum + (histogram[String(day)] ?? 0), 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const day of days) {
    seen += histogram[String(day)] ?? 0;
    if (seen >= rank) return day;
  }
  return days.at(-1) ?? null;
}

/** The mean of the histogram's days, or null. */
function histogramMean(histogram: Readonly<Record<string, number>>): number | null {
  let total = 0;
  let sum = 0;
  for (const [day, count] of Object.entries(histogram)) {
    total += count;
    sum += Number(day) * count;
  }
  return total === 0 ? null : sum / total;
}

const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/** The published figures (the API's shape) of a set of counts. */
export function figuresOf(counts: FigureCounts) {
  const { daysHistogram, acknowledgementsDue, acknowledgedInTime, ...rest } = counts;
  return {
    ...rest,
    onTimeRate: counts.answered === 0 ? null : counts.answeredOnTime / counts.answered,
    extensionRate: rate(counts.extended, counts.received),
    transferRate: rate(counts.transferred, counts.received),
    clarificationRate: rate(counts.clarified, counts.received),
    withdrawalRate: rate(counts.withdrawn, counts.received),
    acknowledgementsDue,
    acknowledgedInTime,
    acknowledgementRate:
      acknowledgementsDue === 0 ? null : acknowledgedInTime / acknowledgementsDue,
    medianDays: histogramPercentile(daysHistogram, 50),
    p90Days: histogramPercentile(daysHistogram, 90),
    meanDays: histogramMean(daysHistogram),
  };
}

export type PublishedFigures = ReturnType<typeof figuresOf>;
