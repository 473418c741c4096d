import { articleLabel } from '../../jurisdictions/article-label.ts';
import { t, type Locale, label } from '../../i18n/i18n.ts';
import type { PublishedFigures } from '../../stats/figure-totals.ts';
import type { ListedRequest } from '../../stats/request-listing.ts';
import { barChart, trendChart } from './stats-charts.ts';
import { monthWithin, type AgencyFigures } from '../../stats/stats-report.ts';
import { FIGURE_COLUMNS, formatFigure } from '../../stats/stats-tables.ts';
import type { CountryFormat } from '../../jurisdictions/country-format.ts';
import { EXPORT_FORMATS } from '../../stats/table-export.ts';

type Params = Record<string, string | number | undefined>;
/** The range of dates a page covers (local days of the jurisdiction). */
type Range = { from: string; to: string };
/** A jurisdiction as a page names it. */
interface Named {
  code: string;
  name: string;
}

/** A link to `path` with the given parameters (empty ones left out). */
export function link(path: string, params: Params): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== '') search.set(key, String(value));
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

/** The same table as CSV and JSON. */
export const exportLinks = (path: string, params: Params) =>
  EXPORT_FORMATS.map((format) => ({ format, href: link(path, { ...params, format }) }));

const SHOWN = FIGURE_COLUMNS.filter((column) => column.shown);

/** The cells of a figures row: shown columns, formatted, with a link to the requests behind each count. */
function figureCells(
  voice: CountryFormat,
  figures: PublishedFigures,
  drillHref: (figure: string) => string,
) {
  return SHOWN.map((column) => {
    const value = column.value(figures);
    return {
      text: formatFigure(voice, column.kind, value),
      href: column.drill && value ? drillHref(column.drill) : null,
    };
  });
}

type Drill = (figure: string, article?: string) => string;

/** The outcome mix, the appeals and the refusals by article, each linked to its requests. */
function breakdown(voice: CountryFormat, figures: PublishedFigures, drill: Drill) {
  const { locale } = voice;
  const outcomes = ['granted', 'partially_granted', 'refused', 'not_held'] as const;
  const appeals = [
    'filed',
    'upheld',
    'overturned',
    'partially_overturned',
    'decidedOnTime',
  ] as const;
  return {
    outcomes: outcomes.map((key) => ({
      label: t(locale, `stats.col.${key}`),
      value: voice.number(figures.outcomes[key]),
      href: figures.outcomes[key] ? drill(key) : null,
    })),
    appeals: appeals.map((key) => {
      const figure = key === 'filed' ? 'appealsFiled' : key === 'decidedOnTime' ? null : key;
      return {
        label: t(locale, `stats.appeal.${key}`),
        value: voice.number(figures.appeals[key]),
        href: figure && figures.appeals[key] ? drill(figure) : null,
      };
    }),
    refusals: Object.entries(figures.refusalsByExemption)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([article, n]) => ({
        article: voice.digits(articleLabel(locale, article)),
        n: voice.number(n),
        href: drill('refused', article),
      })),
  };
}

/** The rows of a list of requests: agency by name, status and outcome in words. */
export function requestRows(
  locale: Locale,
  items: readonly ListedRequest[],
  names: ReadonlyMap<string, { ar: string; en: string }>,
) {
  return items.map((item) => ({
    ...item,
    agencyName: names.get(item.agency)?.[locale] ?? item.agency,
    statusLabel: label(locale, 'status', item.status),
    outcomeLabel: label(locale, 'outcome', item.outcome),
    onTime:
      item.answeredOnTime === null
        ? '—'
        : t(locale, item.answeredOnTime ? 'stats.yes' : 'stats.no'),
  }));
}

export interface DashboardInput {
  /** How the jurisdiction writes its numbers for this reader (its language too). */
  voice: CountryFormat;
  jurisdiction: Named;
  range: Range;
  sort: string;
  dir: 'asc' | 'desc';
  /** The agencies' figures, already sorted by `sort` and `dir`. */
  lines: readonly AgencyFigures[];
  totals: PublishedFigures;
}

/** A jurisdiction's dashboard: agencies by figures, sortable, each count linked to its requests. Pure. */
export function dashboardView(input: DashboardInput) {
  const { voice, range, sort, dir, lines } = input;
  const { locale } = voice;
  const path = `/audit/${input.jurisdiction.code}`;
  const drill =
    (agency?: string): Drill =>
    (figure, article) =>
      link(`${path}/requests`, { ...range, agency, figure, article });
  const rate = (value: number | null) => formatFigure(voice, 'rate', value);
  return {
    title: 'stats.title.dashboard',
    page: 'dashboard',
    keep: [
      { name: 'sort', value: sort },
      { name: 'dir', value: dir },
    ],
    jurisdiction: input.jurisdiction,
    range,
    exports: exportLinks(path, { ...range, sort, dir }),
    overdueHref: `${path}/overdue`,
    reportHref: `${path}/report`,
    headers: [{ key: 'agency', heading: 'stats.col.agency' }, ...SHOWN].map((column) => {
      const current = sort === column.key;
      return {
        label: t(locale, column.heading),
        href: link(path, {
          ...range,
          sort: column.key,
          dir: current && dir === 'asc' ? 'desc' : 'asc',
        }),
        ariaSort: current ? (dir === 'asc' ? 'ascending' : 'descending') : 'none',
        current,
      };
    }),
    rows: lines.map((line) => ({
      name: line.agency.name[locale],
      href: link(`${path}/agencies/${line.agency.code}`, range),
      cells: figureCells(voice, line, drill(line.agency.code)),
    })),
    totals: figureCells(voice, input.totals, drill()),
    ...breakdown(voice, input.totals, drill()),
    chart: barChart({
      id: 'on-time',
      title: t(locale, 'stats.chart.onTime'),
      items: lines.map((line) => ({ label: line.agency.name[locale], value: line.onTimeRate })),
      max: 1,
      format: rate,
      rtl: locale === 'ar',
    }),
    chartRows: lines.map((line) => ({
      name: line.agency.name[locale],
      onTime: rate(line.onTimeRate),
      answered: voice.number(line.answered),
    })),
  };
}

export interface AgencyTrendInput {
  /** How the jurisdiction writes its numbers for this reader (its language too). */
  voice: CountryFormat;
  jurisdiction: Named;
  agency: Named;
  range: Range;
  months: readonly ({ month: string } & PublishedFigures)[];
  totals: PublishedFigures;
}

/** An agency's figures month by month, with totals and a trend chart. Pure. */
export function agencyTrendView(input: AgencyTrendInput) {
  const { voice, range, months } = input;
  const { locale } = voice;
  const base = `/audit/${input.jurisdiction.code}`;
  const drill: Drill = (figure, article) =>
    link(`${base}/requests`, { ...range, agency: input.agency.code, figure, article });
  return {
    title: 'stats.title.agency',
    agencyName: input.agency.name,
    jurisdiction: input.jurisdiction,
    dashboardHref: link(base, range),
    range,
    exports: exportLinks(`${base}/agencies/${input.agency.code}`, range),
    headers: SHOWN.map((c) => t(locale, c.heading)),
    rows: months.map((month) => ({
      month: month.month,
      cells: figureCells(voice, month, (figure) =>
        link(`${base}/requests`, {
          ...monthWithin(month.month, range),
          agency: input.agency.code,
          figure,
        }),
      ),
    })),
    totals: figureCells(voice, input.totals, drill),
    ...breakdown(voice, input.totals, drill),
    chart: trendChart({
      id: 'trend',
      title: t(locale, 'stats.chart.trend'),
      months: months.map((m) => m.month),
      bars: months.map((m) => m.received),
      rate: months.map((m) => m.onTimeRate),
      rtl: locale === 'ar',
      monthLabel: voice.month,
      format: (value) => voice.number(value),
    }),
  };
}
