import { z } from 'zod';
import { AGENCY_CODE } from '../agencies/agency-code.ts';
import { findAgency } from '../agencies/agency-store.ts';
import { NotFoundError } from '../errors.ts';
import type { SessionUser } from '../users/user-store.ts';
import { addDays, daysBetween, isLocalDate } from '../time/local-date.ts';
import type { Audience } from './rollup.ts';
import { SECTION_KEYS } from './report-sections.ts';
import { REPORT_FIGURES } from './report-drilldown.ts';
import { auditsJurisdiction } from './stats-scope.ts';
import {
  bothDays,
  localDay,
  MAX_RANGE_DAYS,
  todayIn,
  type StatsDeps,
  type StatsSelection,
} from './stats-service.ts';
import { EXPORT_FORMATS } from './table-export.ts';

/**
 * `?year=` or `?from=&to=` (a calendar year by default), `agency`, and for
 * exports `format` with `section`. A period is at most ten years.
 */
export const reportQuery = z
  .object({
    year: z.coerce
      .number('validation.reportYear')
      .int('validation.reportYear')
      .min(2000, 'validation.reportYear')
      .max(2100, 'validation.reportYear')
      .optional(),
    from: localDay,
    to: localDay,
    agency: z.string().regex(AGENCY_CODE, 'validation.agency').optional(),
    format: z.enum(EXPORT_FORMATS, 'validation.oneOf').optional(),
    section: z.enum(SECTION_KEYS, 'validation.oneOf').optional(),
    revision: z.coerce
      .number()
      .int()
      .min(0, 'validation.oneOf')
      .max(1_000, 'validation.oneOf')
      .optional(),
  })
  .refine((q) => !bothDays(q) || q.from <= q.to, {
    path: ['to'],
    error: 'validation.statsOrder',
  })
  .refine((q) => !bothDays(q) || daysBetween(q.from, q.to) <= MAX_RANGE_DAYS, {
    path: ['from'],
    error: 'validation.statsRange',
  })
  .refine((q) => q.year === undefined || (!q.from && !q.to), {
    path: ['year'],
    error: 'validation.reportYearOrDays',
  });

/** The drill-down's query: a report's figure over a period (a refusals figure names its article). */
export const reportDrillQuery = z.object({
  figure: z.enum(REPORT_FIGURES, 'validation.oneOf'),
  from: z.string().refine(isLocalDate, 'validation.statsDay'),
  to: z.string().refine(isLocalDate, 'validation.statsDay'),
  agency: z.string().regex(AGENCY_CODE, 'validation.agency').optional(),
  article: z.string().trim().min(1).max(100, 'validation.oneOf').optional(),
  format: z.enum(EXPORT_FORMATS, 'validation.oneOf').optional(),
});

/** How much of a report a reader reads: the public subset or all; one agency or any. */
export interface ReportAccess {
  audience: Audience;
  agency: string | null;
}

/** Who reads a country's report, and how much: undefined, not found (never "forbidden"). */
export function reportAccess(
  user: SessionUser | undefined,
  jurisdiction: string,
): ReportAccess | undefined {
  if (!user) return { audience: 'public', agency: null };
  if (auditsJurisdiction(user, jurisdiction)) return { audience: 'auditor', agency: null };
  // An agency admin reads their own agency's report in full (the requests are theirs).
  if (user.roles.includes('agency_admin') && user.agency)
    return { audience: 'auditor', agency: user.agency };
  return undefined;
}

/**
 * The selection of a country's report for a reader (`access`): an unknown
 * agency, one of another country, or another agency than an agency admin's
 * own is "not found". The period defaults to this calendar year.
 */
export async function selectReport(
  deps: StatsDeps,
  jurisdiction: string,
  access: { audience: Audience; agency: string | null },
  query: {
    year?: number | undefined;
    from?: string | undefined;
    to?: string | undefined;
    agency?: string | undefined;
  },
  now: Date,
): Promise<StatsSelection> {
  const code = access.agency ?? query.agency;
  if (access.agency && query.agency && query.agency !== access.agency)
    throw new NotFoundError('AGENCY.NOT_FOUND', 'agency.notFound');
  const found = code ? await findAgency(code) : undefined;
  if (code && found?.jurisdiction !== jurisdiction)
    throw new NotFoundError('AGENCY.NOT_FOUND', 'agency.notFound');
  const year = query.year ?? Number(todayIn(deps.calendars, now)(jurisdiction).slice(0, 4));
  const from = query.from ?? (query.to ? addDays(query.to, -364) : `${String(year)}-01-01`);
  const to = query.to ?? (query.from ? addDays(from, 364) : `${String(year)}-12-31`);
  return {
    jurisdictions: [jurisdiction],
    audience: access.audience,
    ...(found ? { agency: found } : {}),
    from,
    to,
  };
}
