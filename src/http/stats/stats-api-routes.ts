import express, { type Router } from 'express';
import { parseQuery } from '../middleware/validation.ts';
import { selectStats, statsQuery, statsReport, type StatsDeps } from '../../stats/stats-service.ts';

/**
 * `GET /api/v1/stats?jurisdiction=&agency=&from=YYYY-MM-DD&to=YYYY-MM-DD`:
 * the figures per agency and their totals, from the rollups. Auditors read
 * their jurisdiction (a national auditor, any); visitors read the public subset.
 */
export function statsApi(deps: StatsDeps): Router {
  const router = express.Router();
  router.get('/api/v1/stats', async (req, res) => {
    const now = new Date();
    const selection = await selectStats(deps, req.user, parseQuery(statsQuery, req.query), now);
    res.setHeader(
      'Cache-Control',
      selection.audience === 'public' ? 'public, max-age=60' : 'no-store',
    );
    res.json(await statsReport(deps, selection, now));
  });
  return router;
}
