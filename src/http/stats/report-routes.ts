import express, { type Request, type Response, type Router } from 'express';
import { findAgency } from '../../agencies/agency-store.ts';
import { NotFoundError } from '../../errors.ts';
import { t } from '../../i18n/i18n.ts';
import type { JurisdictionRegistry } from '../../jurisdictions/jurisdiction-registry.ts';
import { recordSecurityEvent } from '../../security/security-log.ts';
import { annualReport } from '../../stats/annual-report-service.ts';
import { frozenReport, reportKey, type FrozenReport } from '../../stats/report-freeze.ts';
import { reportChanges } from '../../stats/report-revisions.ts';
import { reportSections, type ReportSection } from '../../stats/report-sections.ts';
import {
  reportAccess,
  type ReportAccess,
  reportQuery,
  selectReport,
} from '../../stats/report-selection.ts';
import type { AnnualReport } from '../../stats/report-shape.ts';
import type { Audience } from '../../stats/rollup.ts';
import type { StatsDeps } from '../../stats/stats-service.ts';
import { sendExport, type Column } from '../../stats/table-export.ts';
import { requireRole, signedInUser } from '../middleware/auth.ts';
import { csrfToken } from '../middleware/csrf.ts';
import { parseQuery } from '../middleware/validation.ts';
import { reportView } from './report-view.ts';
import { reportRequestPages } from './report-drill-routes.ts';
import { reportPublishing } from './report-publish-routes.ts';

type Deps = StatsDeps & { jurisdictions: JurisdictionRegistry };
/** What a publication did, told on the page it returns to. */
const DONE = ['frozen', 'revised', 'unchanged'] as const;

/** The report as published (the version asked, else as first published), for this audience. */
function publishedVersion(
  published: FrozenReport,
  revision: number | undefined,
  audience: Audience,
) {
  const index = Math.min(revision ?? 0, published.revisions.length);
  const version = index === 0 ? published : published.revisions[index - 1];
  if (!version) throw new NotFoundError('REPORT.NOT_FOUND', 'report.notFound');
  return { index, report: audience === 'public' ? version.publicReport : version.report };
}

/** A section as CSV: its columns raw (ISO days, Latin digits), an item's words beside its key. */
function sectionColumns(req: Request, section: ReportSection): Column<Record<string, unknown>>[] {
  return section.columns.flatMap((column) => {
    const raw: Column<Record<string, unknown>> = {
      key: column.key,
      heading: column.heading,
      value: (row) => (row[column.key] ?? null) as string | number | null,
    };
    if (column.kind !== 'item') return [raw];
    return [
      raw,
      {
        key: 'label',
        heading: 'report.col.label',
        value: (row) => t(req.locale, `report.item.${String(row[column.key])}`),
      },
    ];
  });
}

/**
 * The annual report (DESIGN §8): auditors and admins read a country's or an
 * agency's, an agency admin their own agency's (in full), visitors the
 * public subset on the statistics pages; each as a page that prints as an
 * A4 document, a CSV per section and JSON. An admin publishes (freezes) a
 * finished period's report; later corrections are dated revisions.
 */
export function reportPages(deps: Deps): Router {
  const router = express.Router();
  const guard = requireRole('auditor', 'admin', 'agency_admin');

  const jurisdictionOf = (req: Request) => {
    const code = String(req.params.jurisdiction ?? '');
    if (!/^[A-Z]{2}$/.test(code) || !deps.jurisdictions.get(code))
      throw new NotFoundError('JURISDICTION.NOT_FOUND', 'jurisdiction.notFound');
    return code;
  };
  // Auditors, admins and agency admins; the rest of a country's staff and citizens: not found.
  const auditAccess = (req: Request, jurisdiction: string): ReportAccess => {
    const access = reportAccess(signedInUser(req), jurisdiction);
    if (!access || access.audience === 'public')
      throw new NotFoundError('JURISDICTION.NOT_FOUND', 'jurisdiction.notFound');
    return access;
  };

  async function show(
    req: Request,
    res: Response,
    access: ReportAccess,
    path: string,
    drillPath: string | null,
  ) {
    const jurisdiction = jurisdictionOf(req);
    const query = parseQuery(reportQuery, req.query);
    const now = new Date();
    const selection = await selectReport(deps, jurisdiction, access, query, now);
    const agency = selection.agency?.code ?? null;
    const published = await frozenReport(
      reportKey(jurisdiction, agency, selection.from, selection.to),
    );
    const live =
      published && access.audience === 'public' ? null : await annualReport(deps, selection, now);
    const shown = published ? publishedVersion(published, query.revision, access.audience) : null;
    const report = shown?.report ?? (live as AnnualReport);
    // The report names its agencies (a published one as they were named then).
    const names = new Map(report.agencies.map((a) => [a.agency.code, a.agency.name]));
    const lawName = (code: string) => deps.jurisdictions.get(code)?.name[req.locale] ?? code;
    const articleText = (law: string, article: string) => {
      const found = deps.jurisdictions.get(law);
      for (const rules of found?.rules ?? [])
        for (const exemption of rules.exemptions)
          if (exemption.article === article) return exemption.text[req.locale];
      return null;
    };
    const sections = reportSections(report, articleText);
    const name = `haqq-report-${agency ?? jurisdiction}-${selection.from}-${selection.to}`;
    if (query.format) {
      if (access.audience === 'auditor')
        await recordSecurityEvent({
          type: 'stats_export',
          actor: req.user?.id ?? null,
          ip: req.ip ?? null,
          target: name,
          data: {
            format: query.format,
            table: `report:${query.section ?? 'all'}`,
            jurisdiction,
            agency,
          },
        });
      if (query.format === 'json') {
        res.setHeader('Content-Disposition', `attachment; filename="${name}.json"`);
        res.json({
          report,
          sections,
          published: published
            ? {
                at: published.frozenAt,
                revisions: published.revisions.map((r) => ({ at: r.at, changes: r.changes })),
              }
            : null,
        });
        return;
      }
      const section = sections.find((s) => s.key === (query.section ?? 'requests'));
      if (!section) throw new NotFoundError('REPORT.NOT_FOUND', 'report.notFound');
      await sendExport(
        req,
        res,
        {
          format: 'csv',
          name: `${name}-${section.key}`,
          what: { table: `report:${section.key}` },
          locale: req.locale,
        },
        sectionColumns(req, section),
        section.rows,
      );
      return;
    }
    const scopeName = selection.agency?.name[req.locale] ?? lawName(jurisdiction);
    const latest = published ? (published.revisions.at(-1) ?? published).report : null;
    res.render(
      'audit/report',
      reportView({
        voice: req.formatIn(jurisdiction),
        report,
        sections,
        path,
        drillPath,
        agency,
        names: {
          scope: scopeName,
          agency: (code) => names.get(code)?.[req.locale] ?? code,
          law: lawName,
        },
        published,
        revision: shown?.index ?? null,
        changed: latest && live ? reportChanges(latest, live) : null,
        canFreeze: req.user?.roles.includes('admin') ?? false,
        ownAgencyOnly: access.agency !== null,
        done: DONE.find((d) => d === req.query.done) ?? null,
        csrf: csrfToken(req, res),
      }),
    );
  }

  // The menu's link for an agency admin: their agency's report; everyone else starts at /audit.
  router.get('/audit/report', guard, async (req, res) => {
    const user = signedInUser(req);
    const agency = user.agency ? await findAgency(user.agency) : undefined;
    if (!agency || !user.roles.includes('agency_admin')) {
      res.redirect(303, '/audit');
      return;
    }
    res.redirect(
      303,
      `/audit/${agency.jurisdiction}/report?agency=${encodeURIComponent(agency.code)}`,
    );
  });

  router.get('/audit/:jurisdiction/report', guard, async (req, res) => {
    const jurisdiction = jurisdictionOf(req);
    const access = auditAccess(req, jurisdiction);
    const base = `/audit/${jurisdiction}/report`;
    await show(req, res, access, base, `${base}/requests`);
  });

  router.get('/statistics/:jurisdiction/report', async (req, res) => {
    const jurisdiction = jurisdictionOf(req);
    await show(
      req,
      res,
      { audience: 'public', agency: null },
      `/statistics/${jurisdiction}/report`,
      null,
    );
  });

  router.use(reportRequestPages(deps, jurisdictionOf, auditAccess));
  router.use(reportPublishing(deps, jurisdictionOf));
  return router;
}
