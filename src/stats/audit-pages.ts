import express, { type Request, type Response, type Router } from 'express';
import { agencyNames } from '../agencies/agency-store.ts';
import { z } from 'zod';
import { NotFoundError } from '../errors.ts';
import { t, type Locale } from '../i18n/i18n.ts';
import type { JurisdictionRegistry } from '../jurisdictions/jurisdiction-registry.ts';
import { label } from '../requests/request-page-format.ts';
import type { SessionUser } from '../users/user-store.ts';
import { requireRole } from '../web/auth.ts';
import { parseQuery } from '../web/validation.ts';
import { DRILL_FIGURES } from './figure-filters.ts';
import type { PublishedFigures } from './figure-totals.ts';
import { overdueRequests, pageOf, requestsBehind, type ListedRequest } from './request-listing.ts';
import { barChart, trendChart } from './stats-charts.ts';
import { monthWithin } from './stats-report.ts';
import { auditsJurisdiction } from './stats-scope.ts';
import {
  monthlyStats,
  selectStats,
  statsQuery,
  statsReport,
  type StatsDeps,
  type StatsSelection,
} from './stats-service.ts';
import {
  agencyColumns,
  FIGURE_COLUMNS,
  formatFigure,
  monthColumns,
  REQUEST_COLUMNS,
  SORT_KEYS,
  sortAgencyLines,
} from './stats-tables.ts';
import { EXPORT_FORMATS, sendExport } from './table-export.ts';

const PAGE_SIZE = 100;

const pageQuery = z.object({
  format: z.enum(EXPORT_FORMATS, 'validation.oneOf').optional(),
  page: z.coerce
    .number('validation.page')
    .int('validation.page')
    .min(1, 'validation.page')
    .max(100_000, 'validation.page')
    .default(1),
});
const dashboardQuery = pageQuery.extend({
  sort: z.enum(SORT_KEYS as [string, ...string[]], 'validation.oneOf').default('agency'),
  dir: z.enum(['asc', 'desc'], 'validation.oneOf').default('asc'),
});
const drillQuery = pageQuery.extend({
  figure: z.enum(DRILL_FIGURES, 'validation.oneOf').default('received'),
  article: z.string().trim().min(1).max(100, 'validation.oneOf').optional(),
});

/** The `:jurisdiction` of an auditor's page: one they audit, or 404 (never 403). */
function auditedJurisdiction(req: Request, registry: JurisdictionRegistry): string {
  const code = String(req.params.jurisdiction ?? '');
  if (!registry.get(code) || !auditsJurisdiction(req.user, code))
    throw new NotFoundError('JURISDICTION.NOT_FOUND', 'jurisdiction.notFound');
  return code;
}

/** The query string of a link, keeping the range (and anything else given). */
const link = (path: string, params: Record<string, string | number | undefined>) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== '') search.set(key, String(value));
  const query = search.toString();
  return query ? `${path}?${query}` : path;
};

/** The cells of a figures row: shown columns, formatted, with a link to the requests behind each count. */
function figureCells(
  locale: Locale,
  figures: PublishedFigures,
  drillHref: (figure: string) => string,
) {
  return FIGURE_COLUMNS.filter((column) => column.shown).map((column) => {
    const value = column.value(figures);
    return {
      text: formatFigure(locale, column.kind, value),
      href: column.drill && value ? drillHref(column.drill) : null,
    };
  });
}

/** The outcome mix, the appeals and the refusals by article, each linked to its requests. */
const breakdown = (
  locale: Locale,
  figures: PublishedFigures,
  drill: (figure: string, article?: string) => string,
) => ({
  outcomes: (['granted', 'partially_granted', 'refused', 'not_held'] as const).map((key) => ({
    label: t(locale, `stats.col.${key}`),
    value: figures.outcomes[key],
    href: figures.outcomes[key] ? drill(key) : null,
  })),
  appeals: (
    ['filed', 'upheld', 'overturned', 'partially_overturned', 'decidedOnTime'] as const
  ).map((key) => {
    const figure = key === 'filed' ? 'appealsFiled' : key === 'decidedOnTime' ? null : key;
    return {
      label: t(locale, `stats.appeal.${key}`),
      value: figures.appeals[key],
      href: figure && figures.appeals[key] ? drill(figure) : null,
    };
  }),
  refusals: Object.entries(figures.refusalsByExemption)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([article, n]) => ({ article, n, href: drill('refused', article) })),
});

const exportLinks = (path: string, params: Record<string, string | number | undefined>) =>
  EXPORT_FORMATS.map((format) => ({
    format,
    href: link(path, { ...params, format }),
  }));

function requestRows(
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

/**
 * The auditors' pages (DESIGN §8), read-only: the dashboard of a jurisdiction,
 * an agency's monthly trends, the overdue list and the requests behind any
 * figure, each table exportable as CSV or JSON (recorded in the audit log).
 */
export function auditPages(deps: StatsDeps & { jurisdictions: JurisdictionRegistry }): Router {
  const router = express.Router();
  const guard = requireRole('auditor', 'admin');
  const name = (locale: Locale, code: string) => deps.jurisdictions.get(code)?.name[locale] ?? code;

  router.get('/audit', guard, (req, res) => {
    const user = req.user as SessionUser;
    if (user.jurisdiction && !user.roles.includes('admin')) {
      res.redirect(303, `/audit/${user.jurisdiction}`);
      return;
    }
    res.render('audit/index', {
      title: 'stats.title.index',
      jurisdictions: deps.jurisdictions
        .all()
        .filter((j) => auditsJurisdiction(user, j.code))
        .map((j) => ({ code: j.code, name: j.name[req.locale] })),
    });
  });

  const select = async (req: Request, jurisdiction: string, agency?: string) =>
    selectStats(
      deps,
      req.user,
      parseQuery(statsQuery, {
        from: req.query.from,
        to: req.query.to,
        jurisdiction,
        ...(agency ? { agency } : {}),
      }),
      new Date(),
    );
  const rangeOf = (selection: StatsSelection) => ({ from: selection.from, to: selection.to });

  router.get('/audit/:jurisdiction', guard, async (req, res) => {
    const jurisdiction = auditedJurisdiction(req, deps.jurisdictions);
    const query = parseQuery(dashboardQuery, req.query);
    const selection = await select(req, jurisdiction);
    const report = await statsReport(deps, selection, new Date());
    const lines = sortAgencyLines(report.agencies, query.sort, query.dir, req.locale);
    const path = `/audit/${jurisdiction}`;
    const range = rangeOf(selection);
    if (query.format) {
      await sendExport(
        req,
        res,
        {
          format: query.format,
          name: `haqq-stats-${jurisdiction}-${range.from}-${range.to}`,
          what: { table: 'agencies', jurisdiction, ...range },
          locale: req.locale,
        },
        agencyColumns(req.locale),
        // The agencies, then their totals.
        [
          ...lines,
          {
            ...report.totals,
            agency: {
              code: '',
              jurisdiction,
              name: { ar: t('ar', 'stats.totals'), en: t('en', 'stats.totals') },
            },
          },
        ],
      );
      return;
    }
    const drill = (agency?: string) => (figure: string, article?: string) =>
      link(`${path}/requests`, { ...range, agency, figure, article });
    const shown = FIGURE_COLUMNS.filter((column) => column.shown);
    res.render('audit/dashboard', {
      title: 'stats.title.dashboard',
      page: 'dashboard',
      keep: [
        { name: 'sort', value: query.sort },
        { name: 'dir', value: query.dir },
      ],
      jurisdiction: { code: jurisdiction, name: name(req.locale, jurisdiction) },
      range,
      exports: exportLinks(path, { ...range, sort: query.sort, dir: query.dir }),
      overdueHref: `${path}/overdue`,
      headers: [{ key: 'agency', heading: 'stats.col.agency' }, ...shown].map((column) => {
        const current = query.sort === column.key;
        const dir = current && query.dir === 'asc' ? 'desc' : 'asc';
        return {
          label: t(req.locale, column.heading),
          href: link(path, { ...range, sort: column.key, dir }),
          ariaSort: current ? (query.dir === 'asc' ? 'ascending' : 'descending') : 'none',
          current,
        };
      }),
      rows: lines.map((line) => ({
        name: line.agency.name[req.locale],
        href: link(`${path}/agencies/${line.agency.code}`, range),
        cells: figureCells(req.locale, line, drill(line.agency.code)),
      })),
      totals: figureCells(req.locale, report.totals, drill()),
      ...breakdown(req.locale, report.totals, drill()),
      chart: barChart({
        id: 'on-time',
        title: t(req.locale, 'stats.chart.onTime'),
        items: lines.map((line) => ({
          label: line.agency.name[req.locale],
          value: line.onTimeRate,
        })),
        max: 1,
        format: (value) => formatFigure(req.locale, 'rate', value),
        rtl: req.locale === 'ar',
      }),
      chartRows: lines.map((line) => ({
        name: line.agency.name[req.locale],
        onTime: formatFigure(req.locale, 'rate', line.onTimeRate),
        answered: line.answered,
      })),
    });
  });

  router.get('/audit/:jurisdiction/agencies/:agency', guard, async (req, res) => {
    const jurisdiction = auditedJurisdiction(req, deps.jurisdictions);
    const query = parseQuery(pageQuery, req.query);
    const selection = await select(req, jurisdiction, String(req.params.agency));
    const agency = selection.agency;
    if (!agency) throw new NotFoundError('AGENCY.NOT_FOUND', 'agency.notFound');
    const { months, totals } = await monthlyStats(deps, selection, new Date());
    const range = rangeOf(selection);
    const path = `/audit/${jurisdiction}/agencies/${agency.code}`;
    if (query.format) {
      await sendExport(
        req,
        res,
        {
          format: query.format,
          name: `haqq-stats-${agency.code}-${range.from}-${range.to}`,
          what: { table: 'months', jurisdiction, agency: agency.code, ...range },
          locale: req.locale,
        },
        monthColumns(),
        months,
      );
      return;
    }
    const drill = (figure: string, article?: string) =>
      link(`/audit/${jurisdiction}/requests`, { ...range, agency: agency.code, figure, article });
    res.render('audit/agency', {
      title: 'stats.title.agency',
      agencyName: agency.name[req.locale],
      jurisdiction: { code: jurisdiction, name: name(req.locale, jurisdiction) },
      dashboardHref: link(`/audit/${jurisdiction}`, range),
      range,
      exports: exportLinks(path, range),
      headers: FIGURE_COLUMNS.filter((c) => c.shown).map((c) => t(req.locale, c.heading)),
      rows: months.map((month) => ({
        month: month.month,
        cells: figureCells(req.locale, month, (figure) =>
          link(`/audit/${jurisdiction}/requests`, {
            ...monthWithin(month.month, range),
            agency: agency.code,
            figure,
          }),
        ),
      })),
      totals: figureCells(req.locale, totals, drill),
      ...breakdown(req.locale, totals, drill),
      chart: trendChart({
        id: 'trend',
        title: t(req.locale, 'stats.chart.trend'),
        months: months.map((m) => m.month),
        bars: months.map((m) => m.received),
        rate: months.map((m) => m.onTimeRate),
        rtl: req.locale === 'ar',
      }),
    });
  });

  const listPage = async (
    req: Request,
    res: Response,
    options: {
      rows: () => AsyncGenerator<ListedRequest>;
      page: number;
      format: (typeof EXPORT_FORMATS)[number] | undefined;
      name: string;
      what: Record<string, unknown>;
      view: Record<string, unknown>;
      path: string;
      params: Record<string, string | undefined>;
    },
  ) => {
    if (options.format) {
      await sendExport(
        req,
        res,
        { format: options.format, name: options.name, what: options.what, locale: req.locale },
        REQUEST_COLUMNS,
        options.rows(),
      );
      return;
    }
    const { items, more } = await pageOf(options.rows(), (options.page - 1) * PAGE_SIZE, PAGE_SIZE);
    const names = await agencyNames(items.map((item) => item.agency));
    res.render('audit/requests', {
      ...options.view,
      items: requestRows(req.locale, items, names),
      exports: exportLinks(options.path, options.params),
      previous:
        options.page > 1 ? link(options.path, { ...options.params, page: options.page - 1 }) : null,
      next: more ? link(options.path, { ...options.params, page: options.page + 1 }) : null,
    });
  };

  router.get('/audit/:jurisdiction/overdue', guard, async (req, res) => {
    const jurisdiction = auditedJurisdiction(req, deps.jurisdictions);
    const query = parseQuery(pageQuery, req.query);
    const now = new Date();
    await listPage(req, res, {
      rows: () => overdueRequests(deps.calendars, jurisdiction, now),
      page: query.page,
      format: query.format,
      name: `haqq-overdue-${jurisdiction}`,
      what: { table: 'overdue', jurisdiction },
      path: `/audit/${jurisdiction}/overdue`,
      params: {},
      view: {
        title: 'stats.title.overdue',
        page: 'overdue',
        overdue: true,
        jurisdiction: { code: jurisdiction, name: name(req.locale, jurisdiction) },
        dashboardHref: `/audit/${jurisdiction}`,
      },
    });
  });

  router.get('/audit/:jurisdiction/requests', guard, async (req, res) => {
    const jurisdiction = auditedJurisdiction(req, deps.jurisdictions);
    const query = parseQuery(drillQuery, req.query);
    const agencyCode = typeof req.query.agency === 'string' ? req.query.agency : undefined;
    const selection = await select(req, jurisdiction, agencyCode);
    const range = rangeOf(selection);
    const now = new Date();
    const params = {
      ...range,
      agency: selection.agency?.code,
      figure: query.figure,
      article: query.article,
    };
    await listPage(req, res, {
      rows: () =>
        requestsBehind(
          deps.calendars,
          {
            jurisdiction,
            ...(selection.agency ? { agency: selection.agency.code } : {}),
            ...range,
            figure: query.figure,
            ...(query.article ? { article: query.article } : {}),
          },
          now,
        ),
      page: query.page,
      format: query.format,
      name: `haqq-requests-${selection.agency?.code ?? jurisdiction}-${query.figure}-${range.from}-${range.to}`,
      what: { table: 'requests', jurisdiction, ...params },
      path: `/audit/${jurisdiction}/requests`,
      params,
      view: {
        title: 'stats.title.requests',
        figureLabel: query.article
          ? `${t(req.locale, 'stats.col.refused')}: ${query.article}`
          : t(req.locale, `stats.col.${query.figure}`),
        agencyName: selection.agency?.name[req.locale] ?? null,
        jurisdiction: { code: jurisdiction, name: name(req.locale, jurisdiction) },
        range,
        dashboardHref: link(`/audit/${jurisdiction}`, range),
      },
    });
  });
  return router;
}
