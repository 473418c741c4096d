import express, { type Request, type Router } from 'express';
import { Types } from 'mongoose';
import { z } from 'zod';
import { BadRequestError } from '../../errors.ts';
import type { JurisdictionRegistry } from '../../jurisdictions/jurisdiction-registry.ts';
import { recordSecurityEvent } from '../../security/security-log.ts';
import { annualReport } from '../../stats/annual-report-service.ts';
import { freezeReport, reportKey } from '../../stats/report-freeze.ts';
import { selectReport } from '../../stats/report-selection.ts';
import type { StatsDeps } from '../../stats/stats-service.ts';
import { requireRole, signedInUser } from '../middleware/auth.ts';
import { parseBody } from '../middleware/validation.ts';

type Deps = StatsDeps & { jurisdictions: JurisdictionRegistry };
type JurisdictionOf = (req: Request) => string;

const freezeBody = z.object({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'validation.statsDay'),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'validation.statsDay'),
  agency: z.string().max(60).optional(),
});

/**
 * An admin publishes a finished period's annual report, the auditors' and the
 * public version both; later, what changed as a dated revision (or nothing,
 * when nothing did), recorded in the security log.
 */
export function reportPublishing(deps: Deps, jurisdictionOf: JurisdictionOf): Router {
  const router = express.Router();
  router.post('/audit/:jurisdiction/report/freeze', requireRole('admin'), async (req, res) => {
    const jurisdiction = jurisdictionOf(req);
    const user = signedInUser(req);
    const body = parseBody(freezeBody, req.body);
    const now = new Date();
    const query = { from: body.from, to: body.to, agency: body.agency || undefined };
    const selection = await selectReport(
      deps,
      jurisdiction,
      { audience: 'auditor', agency: null },
      query,
      now,
    );
    const [report, publicReport] = await Promise.all([
      annualReport(deps, selection, now),
      annualReport(deps, { ...selection, audience: 'public' }, now),
    ]);
    if (report.periods.end !== report.periods.to)
      throw new BadRequestError('REPORT.UNFINISHED', 'report.freezeUnfinished', {
        to: 'report.freezeUnfinished',
      });
    const scope = {
      jurisdiction,
      agency: selection.agency?.code ?? null,
      from: selection.from,
      to: selection.to,
    };
    const { done, changes } = await freezeReport(
      scope,
      { report, publicReport },
      new Types.ObjectId(user.id),
      now,
    );
    await recordSecurityEvent({
      type: 'report_published',
      actor: user.id,
      ip: req.ip ?? null,
      target: reportKey(jurisdiction, scope.agency, scope.from, scope.to),
      data: { done, changes: changes.length },
    });
    const params = new URLSearchParams({ from: scope.from, to: scope.to, done });
    if (scope.agency) params.set('agency', scope.agency);
    res.redirect(303, `/audit/${jurisdiction}/report?${params.toString()}`);
  });

  return router;
}
