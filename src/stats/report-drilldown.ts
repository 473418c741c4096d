import { addDays } from '../time/local-date.ts';
import { BANDS, bandKey } from './annual-report.ts';
import { ANSWERS, APPEAL_DECISIONS, DISPOSITIONS, TRACKS, type Stint } from './request-stints.ts';

/** One condition on a stint's field, in MongoDB's words (the store runs it as a query). */
type Condition =
  | string
  | number
  | boolean
  | { $gte?: string | number; $lte?: string | number; $gt?: string; $in?: readonly string[] };
export type StintFilter = Readonly<Record<string, Condition>>;

/**
 * The figures of the annual report that list the requests behind them, each
 * with the stints it counts as a filter: the drill-down runs it against the
 * stints' collection, the property test against generated histories, so a
 * figure and its list cannot drift apart.
 */
export const REPORT_FIGURES = [
  'received',
  'transferredIn',
  'processed',
  'pendingStart',
  'pendingEnd',
  ...DISPOSITIONS.map((d) => `disposition.${d}` as const),
  'answered',
  'answeredOnTime',
  'extended',
  'backlogStart',
  'backlogEnd',
  'deemedRefusalsStart',
  'deemedRefusalsEnd',
  'refusals',
  'appeals.received',
  'appeals.decided',
  'appeals.pendingStart',
  'appeals.pendingEnd',
  ...APPEAL_DECISIONS.map((d) => `appeals.${d}` as const),
  'appeals.decidedInTime',
  'appealRefusals',
  ...TRACKS.flatMap((t) => BANDS.map((b) => `times.${t}.${bandKey(b)}` as const)),
] as const;
export type ReportFigure = (typeof REPORT_FIGURES)[number];

const within = (range: { from: string; to: string }) => ({ $gte: range.from, $lte: range.to });
/** Pending with the agency at the end of day `t`: came by then, not yet gone. */
const pendingAt = (t: string) => ({ inDay: { $lte: t }, outDay: { $gt: t } });
const lateAt = (t: string) => ({ lateDay: { $lte: t }, outDay: { $gt: t } });

/** The filter of a figure over `range` (`article`: the one article of a refusals figure). */
export function drillFilter(
  figure: ReportFigure,
  range: { from: string; to: string },
  article = '',
): StintFilter {
  const before = addDays(range.from, -1);
  const out = { outDay: within(range) };
  if (figure.startsWith('disposition.')) return { ...out, disposition: figure.slice(12) };
  if (figure.startsWith('times.')) {
    const [, track, key] = figure.split('.');
    const band = BANDS.find((b) => bandKey(b) === key) ?? BANDS[0];
    const days = band[1] === null ? { $gte: band[0] } : { $gte: band[0], $lte: band[1] };
    return { ...out, track: track ?? '', days };
  }
  if (
    figure.startsWith('appeals.') &&
    (APPEAL_DECISIONS as readonly string[]).includes(figure.slice(8))
  )
    return { decidedDay: within(range), decision: figure.slice(8) };
  switch (figure) {
    case 'received':
      return { inDay: within(range) };
    case 'transferredIn':
      return { inDay: within(range), inKind: 'transfer' };
    case 'processed':
      return { ...out, disposition: { $in: DISPOSITIONS } };
    case 'pendingStart':
      return pendingAt(before);
    case 'pendingEnd':
      return pendingAt(range.to);
    case 'answered':
      return { ...out, disposition: { $in: ANSWERS } };
    case 'answeredOnTime':
      return { ...out, disposition: { $in: ANSWERS }, onTime: true };
    case 'extended':
      return { ...out, disposition: { $in: DISPOSITIONS }, extended: true };
    case 'backlogStart':
      return lateAt(before);
    case 'backlogEnd':
      return lateAt(range.to);
    case 'deemedRefusalsStart':
      return { ...lateAt(before), silent: true };
    case 'deemedRefusalsEnd':
      return { ...lateAt(range.to), silent: true };
    case 'refusals':
      return { ...out, articles: article };
    case 'appeals.received':
      return { appealDay: within(range) };
    case 'appeals.decided':
      return { decidedDay: within(range) };
    case 'appeals.pendingStart':
      return { appealDay: { $lte: before }, decidedDay: { $gt: before } };
    case 'appeals.pendingEnd':
      return { appealDay: { $lte: range.to }, decidedDay: { $gt: range.to } };
    case 'appeals.decidedInTime':
      return { decidedDay: within(range), decidedInTime: true };
    default:
      return { decidedDay: within(range), appealArticles: article };
  }
}

const compare = (value: unknown, condition: Exclude<Condition, string | number | boolean>) => {
  if (typeof value !== 'string' && typeof value !== 'number') return false;
  if (condition.$gte !== undefined && value < condition.$gte) return false;
  if (condition.$lte !== undefined && value > condition.$lte) return false;
  if (condition.$gt !== undefined && value <= condition.$gt) return false;
  if (condition.$in !== undefined && !condition.$in.includes(String(value))) return false;
  return true;
};

/** Whether a stint matches a filter as MongoDB would match it (an array field: any element). */
export function matchesStint(stint: Stint, filter: StintFilter): boolean {
  return Object.entries(filter).every(([field, condition]) => {
    const value: unknown = stint[field as keyof Stint];
    const values: unknown[] = Array.isArray(value) ? value : [value];
    return typeof condition === 'object'
      ? values.some((v) => compare(v, condition))
      : values.includes(condition);
  });
}
