import express, { type Request, type Response, type Router } from 'express';
import { agencyNames } from '../../agencies/agency-store.ts';
import { t, type Locale } from '../../i18n/i18n.ts';
import type { JurisdictionRegistry } from '../../jurisdictions/jurisdiction-registry.ts';
import { requireRole } from '../middleware/auth.ts';
import { parseQuery } from '../middleware/validation.ts';
import {
  auditedJurisdiction,
  drillQuery,
  pageQuery,
  rangeOf,
  selectFor,
} from './auditor-queries.ts';
import { exportLinks, link, requestRows } from './auditor-view.ts';
import {
  overdueRequests,
  pageOf,
  requestsBehind,
  type ListedRequest,
} from '../../stats/request-listing.ts';
import type { StatsDeps } from '../../stats/stats-service.ts';
import { REQUEST_COLUMNS } from '../../stats/stats-tables.ts';
import { sendExport, type EXPORT_FORMATS } from '../../stats/table-export.ts';

const PAGE_SIZE = 100;

/**
 * The auditors' lists of requests (DESIGN §8): the overdue ones of a
 * jurisdiction, and the requests behind any figure of the dashboards; a page at
 * a time, or the whole list as an export.
 */
export function auditRequestPages(
  deps: StatsDeps & { jurisdictions: JurisdictionRegistry },
): Router {
  const router = express.Router();
  const guard = requireRole('auditor', 'admin');
  const name = (locale: Locale, code: string) => deps.jurisdictions.get(code)?.name[locale] ?? code;

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
    const selection = await selectFor(deps, req, jurisdiction, agencyCode);
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
