import { AGENCY_CODE } from '../agencies/agency-code.ts';
import { agenciesIn, findAgency } from '../agencies/agency-store.ts';
import { z } from 'zod';
import { AppError, BadRequestError } from '../errors.ts';
import type { JurisdictionCalendars } from '../jurisdictions/jurisdiction-calendars.ts';
import { addDays, daysBetween, isLocalDate, wallClock } from '../time/local-date.ts';
import type { SessionUser } from '../users/user-store.ts';
import { rollupRows } from './rollup-store.ts';
import { statsScope, type StatsScope } from './stats-scope.ts';
import { agencyReport, monthlyReport, type AgencyInfo, type StatsReport } from './stats-report.ts';

/** The longest range a statistics read may cover, in days (ten years). */
export const MAX_RANGE_DAYS = 3_660;

/** The days statistics can cover: nothing was filed before 2000, nothing is due after 2100. */
export const FIRST_DAY = '2000-01-01';
const LAST_DAY = '2100-12-31';
const inRange = (day: string) => isLocalDate(day) && day >= FIRST_DAY && day <= LAST_DAY;
export const localDay = z
  .string()
  .max(10, 'validation.statsDay')
  .refine(inRange, 'validation.statsDay')
  .optional();
/** Both ends given and valid: only then are they compared (an object's checks run on bad fields too). */
export const bothDays = (q: { from?: string; to?: string }): q is { from: string; to: string } =>
  q.from !== undefined && q.to !== undefined && inRange(q.from) && inRange(q.to);

/** `?jurisdiction=&agency=&from=YYYY-MM-DD&to=YYYY-MM-DD`, every part optional. */
export const statsQuery = z
  .object({
    jurisdiction: z
      .string()
      .regex(/^[A-Z]{2}$/, 'validation.jurisdiction')
      .optional(),
    agency: z.string().regex(AGENCY_CODE, 'validation.agency').optional(),
    from: localDay,
    to: localDay,
  })
  .refine((q) => !bothDays(q) || q.from <= q.to, {
    path: ['to'],
    error: 'validation.statsOrder',
  })
  .refine((q) => !bothDays(q) || daysBetween(q.from, q.to) <= MAX_RANGE_DAYS, {
    path: ['from'],
    error: 'validation.statsRange',
  });
export type StatsQuery = z.infer<typeof statsQuery>;

/** A "not found" that names the parameter at fault. */
const notFound = (field: 'jurisdiction' | 'agency') =>
  new AppError({
    status: 404,
    code: `${field.toUpperCase()}.NOT_FOUND`,
    messageKey: `${field}.notFound`,
    fields: { [field]: `${field}.notFound` },
  });

const agencyInfo = (a: {
  code: string;
  jurisdiction: string;
  name?: { ar: string; en: string } | null;
}): AgencyInfo => ({
  code: a.code,
  jurisdiction: a.jurisdiction,
  name: a.name ?? { ar: a.code, en: a.code },
});

/** What one statistics read covers, after its checks. */
export interface StatsSelection extends StatsScope {
  agency?: AgencyInfo;
  from: string;
  to: string;
}

export interface StatsDeps {
  calendars: JurisdictionCalendars;
}

/** Each jurisdiction's local date at `now`. */
export function todayIn(calendars: JurisdictionCalendars, now: Date) {
  return (jurisdiction: string) =>
    wallClock(now, calendars.get(jurisdiction)?.jurisdiction.timeZone ?? 'UTC').date;
}

/**
 * Checks a statistics query (parsed by the route with `statsQuery`) against
 * the caller: an unknown jurisdiction or agency (or one outside an auditor's
 * scope) is a 404 naming its parameter. The range defaults to the twelve
 * months up to today, in the jurisdiction's time zone.
 */
export async function selectStats(
  deps: StatsDeps,
  user: SessionUser | undefined,
  query: StatsQuery,
  now: Date,
): Promise<StatsSelection> {
  if (query.jurisdiction && !deps.calendars.get(query.jurisdiction)) throw notFound('jurisdiction');
  const scope = statsScope(user, query.jurisdiction);
  if (!scope) throw notFound('jurisdiction');
  let agency: AgencyInfo | undefined;
  if (query.agency) {
    const found = await findAgency(query.agency);
    if (!found || (scope.jurisdictions && !scope.jurisdictions.includes(found.jurisdiction)))
      throw notFound('agency');
    agency = agencyInfo(found);
  }
  const zoneOf = scope.jurisdictions?.length === 1 ? scope.jurisdictions[0] : agency?.jurisdiction;
  const to = query.to ?? todayIn(deps.calendars, now)(zoneOf ?? '');
  const from = query.from ?? addDays(to, -364);
  if (daysBetween(from, to) < 0)
    throw new BadRequestError('VALIDATION.QUERY', 'error.validation.message', {
      from: 'validation.statsOrder',
    });
  return { ...scope, ...(agency ? { agency } : {}), from, to };
}

export async function agenciesOf(selection: StatsSelection): Promise<AgencyInfo[]> {
  if (selection.agency) return [selection.agency];
  return (await agenciesIn(selection.jurisdictions ?? undefined)).map(agencyInfo);
}

/**
 * The rollups of the selection, with the agencies it covers. A selection of
 * every jurisdiction reads those its agencies belong to, so that the read is
 * by jurisdiction and day, as indexed.
 */
async function selectionRows(selection: StatsSelection) {
  const range = { from: selection.from, to: selection.to };
  if (selection.agency)
    return {
      rows: await rollupRows({ agency: selection.agency.code, ...range }),
      agencies: [selection.agency],
    };
  if (selection.jurisdictions) {
    const [rows, agencies] = await Promise.all([
      rollupRows({ jurisdictions: selection.jurisdictions, ...range }),
      agenciesOf(selection),
    ]);
    return { rows, agencies };
  }
  const agencies = await agenciesOf(selection);
  const jurisdictions = [...new Set(agencies.map((agency) => agency.jurisdiction))];
  return { rows: await rollupRows({ jurisdictions, ...range }), agencies };
}

/** The figures per agency and their totals (`GET /api/v1/stats`), from the rollups alone. */
export async function statsReport(
  deps: StatsDeps,
  selection: StatsSelection,
  now: Date,
): Promise<StatsReport> {
  const { rows, agencies } = await selectionRows(selection);
  return agencyReport(rows, agencies, todayIn(deps.calendars, now), selection.audience, selection);
}

/** The selection's figures month by month (an agency's trends) and in total, from one read of the rollups. */
export async function monthlyStats(deps: StatsDeps, selection: StatsSelection, now: Date) {
  const { rows } = await selectionRows(selection);
  const todayOf = todayIn(deps.calendars, now);
  return {
    months: monthlyReport(rows, todayOf, selection.audience, selection),
    totals: agencyReport(
      rows,
      selection.agency ? [selection.agency] : [],
      todayOf,
      selection.audience,
      selection,
    ).totals,
  };
}
