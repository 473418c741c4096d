import mongoose, { Types } from 'mongoose';
import {
  calendarAndRules,
  type JurisdictionCalendars,
} from '../jurisdictions/jurisdiction-calendars.ts';
import { isDuplicateKeyError } from '../platform/db-errors.ts';
import { requestFields } from '../requests/request-reads.ts';
import { stintsOf, type Stint, type StintSource } from './request-stints.ts';
import { daysOfStint } from './event-counts.ts';
import { FIGURE_FIELDS } from './stored-figures.ts';
import { StintModel } from './stint-model.ts';
import type { OldestPending } from './report-shape.ts';
import type { PendingPlace } from './annual-report.ts';
import type { StintFilter } from './report-drilldown.ts';
import { daysBetween } from '../time/local-date.ts';

/** The request fields the stints read (a projection: never the requester, never the text). */
export const STINT_FIELDS = {
  ...FIGURE_FIELDS,
  ref: 1,
  version: 1,
  urgent: 1,
  closedAt: 1,
  originalDueAt: 1,
  'publication.hiddenAt': 1,
} as const;

type Source = StintSource & {
  _id: Types.ObjectId;
  ref: string;
  version: number;
  rulesVersion: string;
  test?: boolean | null;
};

/** A stint as stored: its request, ref and version beside it. */
export type StintDoc = Stint & {
  _id: string;
  request: Types.ObjectId;
  ref: string;
  version: number;
  builtAt: Date;
};

/** The stints of a stored request as documents; none for a test submission or unknown rules. */
export function stintDocsOf(
  calendars: JurisdictionCalendars,
  request: Source,
  now: Date,
): StintDoc[] {
  if (request.test) return [];
  const found = calendarAndRules(calendars, request);
  if (!found) return [];
  return stintsOf(request, found.rules, found.calendar).map((stint) => ({
    ...stint,
    _id: `${request._id.toString()}_${String(stint.n)}`,
    request: request._id,
    ref: request.ref,
    version: request.version,
    builtAt: now,
  }));
}

/** An agency-day an event rollup covers. */
export interface AgencyDay {
  agency: string;
  jurisdiction: string;
  day: string;
}

const agencyDays = (stints: readonly Stint[]): AgencyDay[] =>
  stints.flatMap((s) =>
    daysOfStint(s).map((day) => ({ agency: s.agency, jurisdiction: s.jurisdiction, day })),
  );

/**
 * Rewrites a request's stints from its snapshot and returns the agency-days
 * whose event rollups they touched, before and after. Each write is guarded
 * by the request's version, so a slower run that read an older snapshot
 * never overwrites a newer one's stints (its insert then meets the unique
 * `_id` and stops); stints the request no longer has are removed.
 */
export async function refreshStints(
  calendars: JurisdictionCalendars,
  requestId: Types.ObjectId,
  now: Date,
): Promise<AgencyDay[]> {
  const [request, old] = await Promise.all([
    requestFields(requestId, STINT_FIELDS) as Promise<Source | null>,
    StintModel.find({ request: requestId }, { builtAt: 0 }).lean<Stint[]>(),
  ]);
  const docs = request ? stintDocsOf(calendars, request, now) : [];
  try {
    if (docs.length > 0)
      await StintModel.bulkWrite(
        docs.map((doc) => ({
          replaceOne: {
            filter: { _id: doc._id, version: mongoose.trusted({ $lte: doc.version }) },
            replacement: doc,
            upsert: true,
          },
        })),
        { ordered: false },
      );
  } catch (error) {
    // A newer snapshot's stints are already there: they stand.
    const failed = (error as { writeErrors?: unknown[] }).writeErrors ?? [error];
    if (!failed.every(isDuplicateKeyError)) throw error;
    return agencyDays(old);
  }
  await StintModel.deleteMany({
    request: requestId,
    version: mongoose.trusted({ $lt: request?.version ?? Number.MAX_SAFE_INTEGER }),
  });
  return [...agencyDays(old), ...agencyDays(docs)];
}

/**
 * The ten oldest requests pending at the end of day `end`, read from the
 * agency-days that hold them (annual-report.ts `oldestPlaces`), each by
 * `{agency, inDay}` equality on the `{agency, inDay, outDay}` index. Not one
 * query with `$in` on 50 agencies and a range on `outDay`: on the local
 * engine that took 0.75 s at 1,000,000 requests against 3 ms an agency-day
 * (measured, docs/performance.md); those still pending are picked here.
 */
export async function oldestPending(
  places: readonly PendingPlace[],
  end: string,
): Promise<OldestPending[]> {
  const found = await Promise.all(
    places.map((place) =>
      StintModel.find(
        { agency: place.agency, inDay: place.day },
        { ref: 1, agency: 1, inDay: 1, outDay: 1, lateDay: 1, public: 1 },
      ).lean(),
    ),
  );
  return found
    .flat()
    .filter((doc) => doc.outDay > end)
    .sort((a, b) => a.inDay.localeCompare(b.inDay) || a.ref.localeCompare(b.ref))
    .slice(0, 10)
    .map((doc) => ({
      ref: doc.ref,
      agency: doc.agency,
      received: doc.inDay,
      age: daysBetween(doc.inDay, end),
      late: doc.lateDay !== null && doc.lateDay !== undefined && doc.lateDay <= end,
      public: doc.public,
    }));
}

/** A drill-down filter (report-drilldown.ts) over some agencies, as a MongoDB query. */
function drillQuery(agencies: readonly string[], filter: StintFilter) {
  return {
    agency: mongoose.trusted({ $in: [...agencies] }),
    ...Object.fromEntries(
      Object.entries(filter).map(([field, condition]) => [
        field,
        typeof condition === 'object' ? mongoose.trusted({ ...condition }) : condition,
      ]),
    ),
  };
}

const LISTED = {
  ref: 1,
  agency: 1,
  inDay: 1,
  outDay: 1,
  disposition: 1,
  days: 1,
  lateDay: 1,
  track: 1,
  public: 1,
} as const;
export type ListedStint = Pick<
  StintDoc,
  'ref' | 'agency' | 'inDay' | 'outDay' | 'disposition' | 'days' | 'lateDay' | 'track' | 'public'
>;

/**
 * The stints behind a report figure: how many, and the first `limit` by the
 * day they came (each query by agency and one of its days, as indexed).
 */
export async function drillStints(
  agencies: readonly string[],
  filter: StintFilter,
  limit: number,
): Promise<{ count: number; rows: ListedStint[] }> {
  const query = drillQuery(agencies, filter);
  const [count, rows] = await Promise.all([
    StintModel.countDocuments(query),
    StintModel.find(query, LISTED).sort({ inDay: 1, ref: 1 }).limit(limit).lean<ListedStint[]>(),
  ]);
  return { count, rows };
}

/** Every stint behind a report figure, streamed (an export). */
export function streamDrillStints(agencies: readonly string[], filter: StintFilter) {
  return StintModel.find(drillQuery(agencies, filter), LISTED)
    .lean<ListedStint[]>()
    .cursor({ batchSize: 1_000 });
}
