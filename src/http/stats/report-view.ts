import { articleLabel } from '../../jurisdictions/article-label.ts';
import type { CountryFormat } from '../../jurisdictions/country-format.ts';
import { t, type Locale } from '../../i18n/i18n.ts';
import type { FrozenReport } from '../../stats/report-freeze.ts';
import type { FigureChange } from '../../stats/report-revisions.ts';
import type { ReportSection, SectionColumn, SectionRow } from '../../stats/report-sections.ts';
import type { AnnualReport } from '../../stats/report-shape.ts';
import { barChart } from './stats-charts.ts';
import { link } from './auditor-view.ts';

type Range = { from: string; to: string };

/** A period as a heading says it: "2026" for a calendar year, else its first and last day. */
export function periodLabel(voice: CountryFormat, range: Range): string {
  if (range.from.endsWith('-01-01') && range.to === `${range.from.slice(0, 4)}-12-31`)
    return voice.digits(range.from.slice(0, 4));
  return t(voice.locale, 'stats.range.between', {
    from: voice.shortDay(range.from),
    to: voice.shortDay(range.to),
  });
}

/** The words of one item (a row's label). */
const itemLabel = (locale: Locale, item: string) => t(locale, `report.item.${item}`);

/** What a page needs besides the report: who reads it, where its links go, names. */
export interface ReportViewInput {
  voice: CountryFormat;
  report: AnnualReport;
  sections: ReportSection[];
  /** The page's own path (`/audit/JO/report`, `/statistics/JO/report`). */
  path: string;
  /** The drill-down's path, or null where the reader may not see the lists (visitors). */
  drillPath: string | null;
  agency: string | null;
  names: {
    scope: string;
    agency: (code: string) => string;
    law: (code: string) => string;
  };
  published: FrozenReport | null;
  /** The revision shown (0: as first published), when published. */
  revision: number | null;
  /** The figures have changed since the version shown was published (auditors are told). */
  changed: FigureChange[] | null;
  canFreeze: boolean;
  /** An agency admin: their agency's report only (no link to the country's). */
  ownAgencyOnly: boolean;
  /** What a publication just did: frozen, revised, or nothing changed. */
  done: string | null;
  csrf: string;
}

/** One section's cell as written on the page, with its link to the requests behind it. */
function cell(
  input: ReportViewInput,
  column: SectionColumn,
  row: SectionRow,
  section: ReportSection,
): {
  text: string;
  href: string | null;
  header: boolean;
  dir: string | null;
  wrap: boolean;
  numeric: boolean;
} {
  const { voice } = input;
  const { locale } = voice;
  const value = row[column.key] ?? null;
  const kind =
    (column.key === 'current' || column.key === 'previous') && typeof row.kind === 'string'
      ? row.kind
      : column.kind;
  const number = typeof value === 'number' ? value : null;
  let text: string;
  switch (kind) {
    case 'item':
      text = voice.digits(itemLabel(locale, String(value)));
      break;
    case 'rate':
      text = number === null ? '—' : voice.percent(number);
      break;
    case 'mean':
      text = number === null ? '—' : voice.number(number, 1);
      break;
    case 'count':
    case 'days':
      text = number === null ? '—' : voice.number(number);
      break;
    case 'day':
      text = value === null ? '—' : voice.shortDay(String(value));
      break;
    case 'agency':
      text = input.names.agency(String(value));
      break;
    case 'law':
      text = input.names.law(String(value));
      break;
    case 'track':
      text = t(locale, `report.track.${String(value)}`);
      break;
    case 'article':
      text = voice.digits(articleLabel(locale, String(value)));
      break;
    case 'ref':
      text = value === null ? t(locale, 'report.refWithheld') : String(value);
      break;
    case 'status':
      text = t(locale, `report.status.${String(value)}`);
      break;
    default:
      text = value === null ? '—' : String(value);
  }
  return {
    text,
    href: drillHref(input, section, column, row, number),
    header: column.kind === 'item' || (section.key === 'agencies' && column.key === 'agency'),
    dir: kind === 'ref' && value !== null ? 'ltr' : null,
    wrap: kind === 'text',
    numeric: NUMERIC.includes(kind),
  };
}

/** The kinds of value aligned as numbers (at the end of their cell). */
const NUMERIC: readonly string[] = ['count', 'rate', 'days', 'mean'];

/** The agencies table's columns that are counts of requests, as the figures behind them. */
const AGENCY_FIGURES: Readonly<Record<string, string>> = {
  received: 'received',
  transferredIn: 'transferredIn',
  transferredOut: 'disposition.transferred',
  processed: 'processed',
  pendingEnd: 'pendingEnd',
  backlogEnd: 'backlogEnd',
  extended: 'extended',
};

function drillHref(
  input: ReportViewInput,
  section: ReportSection,
  column: SectionColumn,
  row: SectionRow,
  value: number | null,
): string | null {
  const { periods } = input.report;
  if (section.key === 'agencies' && column.key === 'agency' && !input.agency)
    return link(input.path, { from: periods.from, to: periods.to, agency: String(row.agency) });
  if (!input.drillPath || !value) return null;
  const current = { from: periods.from, to: periods.end };
  if (section.key === 'agencies') {
    const figure = AGENCY_FIGURES[column.key];
    return figure
      ? link(input.drillPath, { figure, ...current, agency: String(row.agency) })
      : null;
  }
  if (!row.figure || (column.key !== 'current' && column.key !== 'previous')) return null;
  return link(input.drillPath, {
    figure: row.figure,
    ...(column.key === 'previous' ? periods.previous : current),
    agency: input.agency ?? undefined,
    article: typeof row.article === 'string' ? row.article : undefined,
  });
}

/** The sub-tables of a section: one per value of its grouping columns (a law, a track). */
function tables(input: ReportViewInput, section: ReportSection) {
  const { locale } = input.voice;
  const columns = section.columns.filter((c) => !section.groupBy.includes(c.key));
  const groups = new Map<string, SectionRow[]>();
  for (const row of section.rows) {
    const key = section.groupBy.map((g) => String(row[g])).join('|');
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const heading = (column: SectionColumn) => {
    if (column.key === 'current') return periodLabel(input.voice, input.report.periods);
    if (column.key === 'previous') return periodLabel(input.voice, input.report.periods.previous);
    return t(locale, column.heading);
  };
  return [...groups.values()].map((rows) => {
    const first = rows[0] ?? {};
    const caption = section.groupBy
      .map((g) =>
        g === 'law'
          ? section.key === 'times'
            ? t(locale, `report.lawDays.${String(first.dayType ?? 'working')}`, {
                law: input.names.law(String(first.law)),
              })
            : input.names.law(String(first.law))
          : t(locale, `report.track.${String(first[g])}`),
      )
      .join(' · ');
    return {
      caption: caption || null,
      headers: columns.map((column) => ({
        label: heading(column),
        numeric: NUMERIC.includes(column.kind),
      })),
      rows: rows.map((row) => columns.map((column) => cell(input, column, row, section))),
    };
  });
}

/** A bar chart of a section's current figures (dispositions, response-time bands). */
function chartOf(input: ReportViewInput, section: ReportSection): string | null {
  const { voice } = input;
  const rows =
    section.key === 'dispositions'
      ? section.rows.filter((row) => row.item !== 'processed')
      : section.key === 'times'
        ? section.rows.filter(
            (row) =>
              row.track === 'all' &&
              String(row.item).startsWith('band.') &&
              row.law === input.report.laws[0]?.jurisdiction,
          )
        : [];
  if (rows.length === 0 || rows.every((row) => !row.current)) return null;
  return barChart({
    id: `chart-${section.key}`,
    title: t(voice.locale, `report.chart.${section.key}`),
    items: rows.map((row) => ({
      label: voice.digits(itemLabel(voice.locale, String(row.item))),
      value: typeof row.current === 'number' ? row.current : null,
    })),
    format: (value) => voice.number(value),
    rtl: voice.locale === 'ar',
  });
}

/** The report page (auditors', agency admins' and the public's). Pure. */
export function reportView(input: ReportViewInput) {
  const { voice, report } = input;
  const { locale } = voice;
  const { periods } = report;
  const query = { from: periods.from, to: periods.to, agency: input.agency ?? undefined };
  const published = input.published;
  return {
    titleText: t(locale, 'report.title', {
      scope: input.names.scope,
      period: periodLabel(voice, periods),
    }),
    scope: input.names.scope,
    period: periodLabel(voice, periods),
    previousPeriod: periodLabel(voice, periods.previous),
    unfinished: periods.end < periods.to ? voice.day(periods.end) : null,
    year: periods.from.slice(0, 4),
    audience: report.audience,
    agency: input.agency,
    json: link(input.path, { ...query, format: 'json' }),
    countryHref: input.ownAgencyOnly
      ? null
      : link(input.path, { from: periods.from, to: periods.to }),
    published: published
      ? {
          at: voice.day(published.frozenAt),
          revisions: published.revisions.map((revision, i) => ({
            at: voice.day(revision.at),
            count: voice.number(revision.changes.length),
            href: link(input.path, { ...query, revision: i + 1 }),
            current: input.revision === i + 1,
          })),
          originalHref: link(input.path, { ...query, revision: 0 }),
          showingOriginal: input.revision === 0,
        }
      : null,
    changed: input.changed?.length ? voice.number(input.changed.length) : null,
    canFreeze: input.canFreeze && periods.end === periods.to,
    freezeAction: `${input.path}/freeze`,
    done: input.done ? t(locale, `report.done.${input.done}`) : null,
    csrf: input.csrf,
    freeze: { from: periods.from, to: periods.to },
    sections: input.sections.map((section, i) => ({
      key: section.key,
      number: voice.number(i + 1),
      title: t(locale, `report.section.${section.key}`),
      intro: t(locale, `report.intro.${section.key}`),
      empty: section.rows.length === 0,
      csv: link(input.path, { ...query, format: 'csv', section: section.key }),
      chart: chartOf(input, section),
      tables: tables(input, section),
    })),
  };
}
