import type { CountryFormat } from '../jurisdictions/country-format.ts';
import type { Locale } from '../i18n/i18n.ts';
import type { PublishedFigures } from './figure-totals.ts';
import type { DrillFigure } from './figure-filters.ts';
import type { ListedRequest } from './request-listing.ts';
import { plainPublished } from '../redaction/redaction.ts';
import type { AgencyFigures } from './stats-report.ts';
import type { Column } from './table-export.ts';

/** How a figure is shown: a count, a rate (0–1) or a number of days. */
export type FigureKind = 'count' | 'rate' | 'days';

/** A figure column of the statistics tables, shared by the pages and the exports. */
export interface FigureColumn extends Column<PublishedFigures> {
  value: (row: PublishedFigures) => number | null;
  kind: FigureKind;
  /** The requests behind it can be listed. */
  drill?: DrillFigure;
  /** Shown on the pages' tables (every column is exported). */
  shown: boolean;
}

const count = (
  key: string,
  value: (f: PublishedFigures) => number,
  drill?: DrillFigure,
  shown = true,
): FigureColumn => ({
  key,
  heading: `stats.col.${key}`,
  kind: 'count',
  value,
  shown,
  ...(drill ? { drill } : {}),
});
const measure = (
  key: string,
  kind: Exclude<FigureKind, 'count'>,
  value: (f: PublishedFigures) => number | null,
  shown = true,
): FigureColumn => ({ key, heading: `stats.col.${key}`, kind, value, shown });

/** Every figure of DESIGN §8, in the order the tables show them. */
export const FIGURE_COLUMNS: readonly FigureColumn[] = [
  count('received', (f) => f.received, 'received'),
  count('answered', (f) => f.answered, 'answered'),
  count('answeredOnTime', (f) => f.answeredOnTime, 'answeredOnTime'),
  count('answeredLate', (f) => f.answeredLate, 'answeredLate'),
  measure('onTimeRate', 'rate', (f) => f.onTimeRate),
  count('overdueNow', (f) => f.overdueNow, 'overdueNow'),
  count('deemedRefusals', (f) => f.deemedRefusals, 'deemedRefusals'),
  measure('medianDays', 'days', (f) => f.medianDays),
  measure('p90Days', 'days', (f) => f.p90Days),
  measure('meanDays', 'days', (f) =>
    f.meanDays === null ? null : Math.round(f.meanDays * 10) / 10,
  ),
  measure('acknowledgementRate', 'rate', (f) => f.acknowledgementRate),
  count('extended', (f) => f.extended, 'extended'),
  measure('extensionRate', 'rate', (f) => f.extensionRate, false),
  count('transferred', (f) => f.transferred, 'transferred'),
  measure('transferRate', 'rate', (f) => f.transferRate, false),
  count('clarified', (f) => f.clarified, 'clarified'),
  measure('clarificationRate', 'rate', (f) => f.clarificationRate, false),
  count('withdrawn', (f) => f.withdrawn, 'withdrawn'),
  measure('withdrawalRate', 'rate', (f) => f.withdrawalRate, false),
  count('granted', (f) => f.outcomes.granted, 'granted', false),
  count('partially_granted', (f) => f.outcomes.partially_granted, 'partially_granted', false),
  count('refused', (f) => f.outcomes.refused, 'refused', false),
  count('not_held', (f) => f.outcomes.not_held, 'not_held', false),
  count('appealsFiled', (f) => f.appeals.filed, 'appealsFiled', false),
  count('upheld', (f) => f.appeals.upheld, 'upheld', false),
  count('overturned', (f) => f.appeals.overturned, 'overturned', false),
  count(
    'partially_overturned',
    (f) => f.appeals.partially_overturned,
    'partially_overturned',
    false,
  ),
  count('appealsDecidedOnTime', (f) => f.appeals.decidedOnTime, undefined, false),
];

/** Refusals by article as one cell: `Art. 13(a): 2; Art. 13(c): 1`. */
const refusalsCell = (f: PublishedFigures) =>
  Object.entries(f.refusalsByExemption)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([article, n]) => `${article}: ${String(n)}`)
    .join('; ');

const figureColumnsOf = <T extends PublishedFigures>(): Column<T>[] => [
  ...FIGURE_COLUMNS,
  { key: 'refusalsByExemption', heading: 'stats.col.refusalsByExemption', value: refusalsCell },
];

/** The agency table (dashboard), as exported. */
export function agencyColumns(locale: Locale): Column<AgencyFigures>[] {
  return [
    { key: 'agency', heading: 'stats.col.agencyCode', value: (row) => row.agency.code },
    { key: 'agencyName', heading: 'stats.col.agency', value: (row) => row.agency.name[locale] },
    ...figureColumnsOf<AgencyFigures>(),
  ];
}

/** The monthly table (an agency's trends), as exported. */
export function monthColumns(): Column<{ month: string } & PublishedFigures>[] {
  return [
    { key: 'month', heading: 'stats.col.month', value: (row) => row.month },
    ...figureColumnsOf<{ month: string } & PublishedFigures>(),
  ];
}

/** The request lists (drill-down, overdue): public metadata only. */
export const REQUEST_COLUMNS: readonly Column<ListedRequest>[] = (
  [
    'ref',
    'agency',
    'visibility',
    'subject',
    'takenDown',
    'status',
    'receivedOn',
    'dueOn',
    'answeredOn',
    'outcome',
    'daysToAnswer',
    'answeredOnTime',
    'daysOverdue',
    'workingDaysOverdue',
  ] as const
).map((key) => ({
  key,
  heading: `stats.req.${key}`,
  // The subject as published: each hidden stretch written [removed].
  value: (row: ListedRequest) =>
    key === 'subject' && row.subject !== null ? plainPublished(row.subject, '[…]') : row[key],
}));

/** A figure as a page shows it, in its country's voice; "—" where it does not apply (no answers yet). */
export function formatFigure(
  voice: Pick<CountryFormat, 'number' | 'percent'>,
  kind: FigureKind,
  value: number | null,
): string {
  if (value === null) return '—';
  return kind === 'rate' ? voice.percent(value) : voice.number(value);
}

/** The keys an agency table may be sorted by: its name and every figure it shows. */
export const SORT_KEYS = ['agency', ...FIGURE_COLUMNS.filter((c) => c.shown).map((c) => c.key)];

/** The agency lines sorted by one column; figures that do not apply (null) always come last. */
export function sortAgencyLines(
  lines: readonly AgencyFigures[],
  key: string,
  direction: 'asc' | 'desc',
  locale: Locale,
): AgencyFigures[] {
  const sign = direction === 'asc' ? 1 : -1;
  const column = FIGURE_COLUMNS.find((c) => c.key === key);
  return [...lines].sort((a, b) => {
    const byName = a.agency.name[locale].localeCompare(b.agency.name[locale], locale);
    if (!column) return sign * byName;
    const x = column.value(a);
    const y = column.value(b);
    if (x === null || y === null) return x === y ? byName : x === null ? 1 : -1;
    return sign * (x - y) || byName;
  });
}
