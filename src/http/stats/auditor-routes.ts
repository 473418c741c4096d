import express, { type Router } from 'express';
import { NotFoundError } from '../../errors.ts';
import { t, type Locale } from '../../i18n/i18n.ts';
import type { JurisdictionRegistry } from '../../jurisdictions/jurisdiction-registry.ts';
import { requireRole, signedInUser } from '../middleware/auth.ts';
import { parseQuery } from '../middleware/validation.ts';
import {
  auditedJurisdiction,
  dashboardQuery,
  pageQuery,
  rangeOf,
  selectFor,
} from './auditor-queries.ts';
import { auditRequestPages } from './auditor-request-routes.ts';
import { agencyTrendView, dashboardView } from './auditor-view.ts';
import { auditsJurisdiction } from '../../stats/stats-scope.ts';
import { monthlyStats, statsReport, type StatsDeps } from '../../stats/stats-service.ts';
import { agencyColumns, monthColumns, sortAgencyLines } from '../../stats/stats-tables.ts';
import { sendExport } from '../../stats/table-export.ts';

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
    const user = signedInUser(req);
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

  router.get('/audit/:jurisdiction', guard, async (req, res) => {
    const jurisdiction = auditedJurisdiction(req, deps.jurisdictions);
    const query = parseQuery(dashboardQuery, req.query);
    const selection = await selectFor(deps, req, jurisdiction);
    const report = await statsReport(deps, selection, new Date());
    const lines = sortAgencyLines(report.agencies, query.sort, query.dir, req.locale);
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
    res.render(
      'audit/dashboard',
      dashboardView({
        voice: req.formatIn(jurisdiction),
        jurisdiction: { code: jurisdiction, name: name(req.locale, jurisdiction) },
        range,
        sort: query.sort,
        dir: query.dir,
        lines,
        totals: report.totals,
      }),
    );
  });

  router.get('/audit/:jurisdiction/agencies/:agency', guard, async (req, res) => {
    const jurisdiction = auditedJurisdiction(req, deps.jurisdictions);
    const query = parseQuery(pageQuery, req.query);
    const selection = await selectFor(deps, req, jurisdiction, String(req.params.agency));
    const agency = selection.agency;
    if (!agency) throw new NotFoundError('AGENCY.NOT_FOUND', 'agency.notFound');
    const { months, totals } = await monthlyStats(deps, selection, new Date());
    const range = rangeOf(selection);
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
    res.render(
      'audit/agency',
      agencyTrendView({
        voice: req.formatIn(jurisdiction),
        jurisdiction: { code: jurisdiction, name: name(req.locale, jurisdiction) },
        agency: { code: agency.code, name: agency.name[req.locale] },
        range,
        months,
        totals,
      }),
    );
  });

  router.use(auditRequestPages(deps));
  return router;
}
