import { selectStats, statsQuery, statsReport, type StatsDeps } from '../../stats/stats-service.ts';
import { apiOperations } from '../api/api-operation.ts';
import * as R from '../api/api-responses.ts';

const operation = apiOperations<StatsDeps>();

/**
 * `GET /api/v1/stats?jurisdiction=&agency=&from=YYYY-MM-DD&to=YYYY-MM-DD`:
 * the figures per agency and their totals, from the rollups. Auditors read
 * their jurisdiction (a national auditor, any); visitors read the public subset.
 */
export const STATS_API = [
  operation({
    method: 'get',
    path: '/api/v1/stats',
    tag: 'public',
    auth: 'public',
    query: statsQuery,
    summary: { en: 'Statistics (public, or an auditor’s)', ar: 'الإحصاءات (العامة أو للمدقق)' },
    responses: { 200: R.Stats },
    handle: async ({ res, deps, user, query }) => {
      const now = new Date();
      const selection = await selectStats(deps, user, query, now);
      res.setHeader(
        'Cache-Control',
        selection.audience === 'public' ? 'public, max-age=60' : 'no-store',
      );
      return statsReport(deps, selection, now);
    },
  }),
];
