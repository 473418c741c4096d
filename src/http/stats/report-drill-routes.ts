import express, { type Request, type Router } from 'express';
import { agenciesIn } from '../../agencies/agency-store.ts';
import type { JurisdictionRegistry } from '../../jurisdictions/jurisdiction-registry.ts';
import { drillFilter } from '../../stats/report-drilldown.ts';
import { reportDrillQuery, selectReport, type ReportAccess } from '../../stats/report-selection.ts';
import type { StatsDeps, StatsSelection } from '../../stats/stats-service.ts';
import { drillStints, streamDrillStints } from '../../stats/stint-store.ts';
import { sendExport } from '../../stats/table-export.ts';
import { requireRole } from '../middleware/auth.ts';
import { parseQuery } from '../middleware/validation.ts';
import { link } from './auditor-view.ts';
import { drillRows } from './report-drill-view.ts';

type Deps = StatsDeps & { jurisdictions: JurisdictionRegistry };
type JurisdictionOf = (req: Request) => string;

/**
 * The requests behind an annual report's figure (auditors, admins, an agency
 * admin for their agency): how many, the first 200 by the day they came, or
 * all of them as an export, read through the same filter the figure counts.
 */
export function reportRequestPages(
  deps: Deps,
  jurisdictionOf: JurisdictionOf,
  auditAccess: (req: Request, jurisdiction: string) => ReportAccess,
): Router {
  const router = express.Router();
  const guard = requireRole('auditor', 'admin', 'agency_admin');
  router.get('/audit/:jurisdiction/report/requests', guard, async (req, res) => {
    const jurisdiction = jurisdictionOf(req);
    const access = auditAccess(req, jurisdiction);
    const query = parseQuery(reportDrillQuery, req.query);
    const selection: StatsSelection = await selectReport(
      deps,
      jurisdiction,
      access,
      { from: query.from, to: query.to, agency: query.agency },
      new Date(),
    );
    const listed = selection.agency ? [selection.agency] : await agenciesIn([jurisdiction]);
    const agencies = listed.map((a) => a.code);
    const filter = drillFilter(query.figure, { from: query.from, to: query.to }, query.article);
    if (query.format) {
      await sendExport(
        req,
        res,
        {
          format: query.format,
          name: `haqq-report-requests-${selection.agency?.code ?? jurisdiction}-${query.from}-${query.to}`,
          what: { table: 'report:requests', jurisdiction, ...query },
          locale: req.locale,
        },
        drillRows.columns,
        streamDrillStints(agencies, filter),
      );
      return;
    }
    const { count, rows } = await drillStints(agencies, filter, 200);
    const names = new Map(listed.map((a) => [a.code, a.name]));
    res.render(
      'audit/report-requests',
      drillRows.view({
        voice: req.formatIn(jurisdiction),
        query,
        count,
        rows,
        agencyName: (code) => names.get(code)?.[req.locale] ?? code,
        back: link(`/audit/${jurisdiction}/report`, {
          year: query.from.slice(0, 4),
          agency: query.agency,
        }),
        exportPath: `/audit/${jurisdiction}/report/requests`,
      }),
    );
  });

  return router;
}
