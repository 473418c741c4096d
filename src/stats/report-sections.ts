import { BANDS, bandKey, type TimeFigures } from './annual-report.ts';
import type { ReportFigure } from './report-drilldown.ts';
import type { AnnualReport, ReportFigures } from './report-shape.ts';
import { DISPOSITIONS, TRACKS } from './request-stints.ts';

/** How a column's values are written: a label, a count, a rate, days, a local day or text. */
type SectionKind =
  | 'item'
  | 'count'
  | 'rate'
  | 'days'
  | 'mean'
  | 'day'
  | 'text'
  | 'ref'
  | 'article'
  | 'agency'
  | 'law'
  | 'track'
  | 'status';

export interface SectionColumn {
  key: string;
  /** An i18n key. */
  heading: string;
  kind: SectionKind;
}

/** One row: raw values by column key (ISO days, Latin digits: what exports carry). */
export type SectionRow = Record<string, string | number | boolean | null> & {
  /** The figure behind a row's counts, for its drill-down link (none: not a list). */
  figure?: ReportFigure | null;
  article?: string | null;
};

/** One section of the report: a table, exported whole as one CSV. */
export interface ReportSection {
  key: (typeof SECTION_KEYS)[number];
  columns: SectionColumn[];
  rows: SectionRow[];
  /** Columns whose values start a new sub-table on the page (a law, a track). */
  groupBy: string[];
}

export const SECTION_KEYS = [
  'requests',
  'dispositions',
  'backlog',
  'timeliness',
  'times',
  'refusals',
  'appeals',
  'appealRefusals',
  'pending',
  'oldest',
  'agencies',
] as const;
type SectionKey = (typeof SECTION_KEYS)[number];

const BOTH: SectionColumn[] = [
  { key: 'current', heading: 'report.col.current', kind: 'count' },
  { key: 'previous', heading: 'report.col.previous', kind: 'count' },
];
const ITEM: SectionColumn = { key: 'item', heading: 'report.col.item', kind: 'item' };

type Pair = { current: ReportFigures; previous: ReportFigures };

/** A section of one figure per row, for both periods. */
function figureRows(
  pair: Pair,
  items: readonly (keyof ReportFigures | `disposition.${string}` | `appeals.${string}`)[],
) {
  const value = (figures: ReportFigures, item: string): number | null => {
    const [head, sub] = item.split('.');
    if (head === 'disposition') return figures.dispositions[sub as 'granted'];
    if (head === 'appeals') return figures.appeals[sub as 'received'];
    return figures[head as 'received'];
  };
  return items.map((item) => ({
    item,
    current: value(pair.current, item),
    previous: value(pair.previous, item),
    kind: item === 'onTimeRate' ? 'rate' : item === 'pendingMedianAge' ? 'days' : 'count',
    figure: (item === 'onTimeRate' || item === 'pendingMedianAge'
      ? null
      : item) as ReportFigure | null,
  }));
}

/** The measures of a track's response times, then its bands. */
function timeRows(current: TimeFigures, previous: TimeFigures, track: string) {
  const measures = ['answered', 'median', 'mean', 'lowest', 'highest'] as const;
  return [
    ...measures.map((item) => ({
      item: `time.${item}`,
      current: current[item],
      previous: previous[item],
      kind: item === 'mean' ? 'mean' : item === 'answered' ? 'count' : 'days',
      figure: null,
    })),
    ...BANDS.map((band, i) => ({
      item: `band.${bandKey(band)}`,
      current: current.bands[i]?.count ?? 0,
      previous: previous.bands[i]?.count ?? 0,
      kind: 'count',
      figure: track === 'all' ? null : (`times.${track}.${bandKey(band)}` as ReportFigure),
    })),
  ];
}

/**
 * The report as its sections (pure): what the page shows, each section's CSV
 * and the JSON carry the same rows. `articleText` gives an article's words in
 * its law (or null).
 */
export function reportSections(
  report: AnnualReport,
  articleText: (jurisdiction: string, article: string) => string | null,
): ReportSection[] {
  const pair = report.totals;
  const section = (
    key: SectionKey,
    columns: SectionColumn[],
    rows: SectionRow[],
    groupBy: string[] = [],
  ): ReportSection => ({ key, columns, rows, groupBy });
  const articles = (kind: 'refusals' | 'appealRefusals') =>
    report.laws.flatMap((law) =>
      law[kind].map((line) => ({
        law: law.jurisdiction,
        article: line.article,
        text: articleText(law.jurisdiction, line.article),
        current: line.current,
        previous: line.previous,
        figure: kind,
      })),
    );
  const articleColumns: SectionColumn[] = [
    { key: 'law', heading: 'report.col.law', kind: 'law' },
    { key: 'article', heading: 'report.col.article', kind: 'article' },
    { key: 'text', heading: 'report.col.articleText', kind: 'text' },
    ...BOTH,
  ];
  return [
    section(
      'requests',
      [ITEM, ...BOTH],
      figureRows(pair, ['received', 'transferredIn', 'processed', 'pendingStart', 'pendingEnd']),
    ),
    section(
      'dispositions',
      [ITEM, ...BOTH],
      figureRows(pair, [...DISPOSITIONS.map((d) => `disposition.${d}` as const), 'processed']),
    ),
    section(
      'backlog',
      [ITEM, ...BOTH],
      figureRows(pair, ['backlogStart', 'backlogEnd', 'deemedRefusalsStart', 'deemedRefusalsEnd']),
    ),
    section(
      'timeliness',
      [ITEM, ...BOTH],
      figureRows(pair, [
        'answered',
        'answeredOnTime',
        'onTimeRate',
        'extended',
        'transferredIn',
        'transferredOut',
      ]),
    ),
    section(
      'times',
      [
        { key: 'law', heading: 'report.col.law', kind: 'law' },
        { key: 'track', heading: 'report.col.track', kind: 'track' },
        ITEM,
        ...BOTH,
      ],
      report.laws.flatMap((law) =>
        (['all', ...TRACKS] as const).flatMap((track) =>
          timeRows(law.times.current[track], law.times.previous[track], track).map((row) => ({
            law: law.jurisdiction,
            dayType: law.dayType,
            track,
            ...row,
          })),
        ),
      ),
      ['law', 'track'],
    ),
    section('refusals', articleColumns, articles('refusals'), ['law']),
    section(
      'appeals',
      [ITEM, ...BOTH],
      figureRows(
        pair,
        [
          'received',
          'decided',
          'pendingStart',
          'pendingEnd',
          'upheld',
          'overturned',
          'partially_overturned',
          'decidedInTime',
        ].map((item) => `appeals.${item}` as const),
      ),
    ),
    section('appealRefusals', articleColumns, articles('appealRefusals'), ['law']),
    section('pending', [ITEM, ...BOTH], figureRows(pair, ['pendingEnd', 'pendingMedianAge'])),
    section(
      'oldest',
      [
        { key: 'ref', heading: 'report.col.ref', kind: 'ref' },
        { key: 'agency', heading: 'report.col.agency', kind: 'agency' },
        { key: 'received', heading: 'report.col.received', kind: 'day' },
        { key: 'age', heading: 'report.col.age', kind: 'days' },
        { key: 'status', heading: 'report.col.status', kind: 'status' },
      ],
      report.oldest.map((o) => ({
        ref: o.ref,
        agency: o.agency,
        received: o.received,
        age: o.age,
        status: o.late ? 'late' : 'within',
      })),
    ),
    section(
      'agencies',
      [
        { key: 'agency', heading: 'report.col.agency', kind: 'agency' },
        ...(
          [
            'received',
            'transferredIn',
            'transferredOut',
            'processed',
            'pendingEnd',
            'backlogEnd',
            'extended',
          ] as const
        ).map((key): SectionColumn => ({ key, heading: `report.item.${key}`, kind: 'count' })),
        { key: 'onTimeRate', heading: 'report.item.onTimeRate', kind: 'rate' },
        { key: 'onTimeRatePrevious', heading: 'report.col.onTimeRatePrevious', kind: 'rate' },
      ],
      report.agencies.map(({ agency, current, previous }) => ({
        agency: agency.code,
        received: current.received,
        transferredIn: current.transferredIn,
        transferredOut: current.transferredOut,
        processed: current.processed,
        pendingEnd: current.pendingEnd,
        backlogEnd: current.backlogEnd,
        extended: current.extended,
        onTimeRate: current.onTimeRate,
        onTimeRatePrevious: previous.onTimeRate,
      })),
    ),
  ];
}
