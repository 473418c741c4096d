import type { Request } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../../errors.ts';
import type { JurisdictionRegistry } from '../../jurisdictions/jurisdiction-registry.ts';
import { parseQuery } from '../middleware/validation.ts';
import { DRILL_FIGURES } from '../../stats/figure-filters.ts';
import { auditsJurisdiction } from '../../stats/stats-scope.ts';
import {
  selectStats,
  statsQuery,
  type StatsDeps,
  type StatsSelection,
} from '../../stats/stats-service.ts';
import { SORT_KEYS } from '../../stats/stats-tables.ts';
import { EXPORT_FORMATS } from '../../stats/table-export.ts';

/** The query of every audit table: a page, or the whole table as an export. */
export const pageQuery = z.object({
  format: z.enum(EXPORT_FORMATS, 'validation.oneOf').optional(),
  page: z.coerce
    .number('validation.page')
    .int('validation.page')
    .min(1, 'validation.page')
    .max(100_000, 'validation.page')
    .default(1),
});
export const dashboardQuery = pageQuery.extend({
  sort: z.enum(SORT_KEYS as [string, ...string[]], 'validation.oneOf').default('agency'),
  dir: z.enum(['asc', 'desc'], 'validation.oneOf').default('asc'),
});
export const drillQuery = pageQuery.extend({
  figure: z.enum(DRILL_FIGURES, 'validation.oneOf').default('received'),
  article: z.string().trim().min(1).max(100, 'validation.oneOf').optional(),
});

/** The `:jurisdiction` of an auditor's page: one they audit, or 404 (never 403). */
export function auditedJurisdiction(req: Request, registry: JurisdictionRegistry): string {
  const code = String(req.params.jurisdiction ?? '');
  if (!registry.get(code) || !auditsJurisdiction(req.user, code))
    throw new NotFoundError('JURISDICTION.NOT_FOUND', 'jurisdiction.notFound');
  return code;
}

/** The statistics an audit page shows: its range (from the query) within a jurisdiction, or one agency. */
export async function selectFor(
  deps: StatsDeps,
  req: Request,
  jurisdiction: string,
  agency?: string,
): Promise<StatsSelection> {
  const query = parseQuery(statsQuery, {
    from: req.query.from,
    to: req.query.to,
    jurisdiction,
    ...(agency ? { agency } : {}),
  });
  return selectStats(deps, req.user, query, new Date());
}

/** The range a selection covers, as links and exports carry it. */
export const rangeOf = (selection: StatsSelection) => ({ from: selection.from, to: selection.to });
