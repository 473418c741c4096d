import mongoose from 'mongoose';
import type { JurisdictionCalendars } from '../jurisdictions/jurisdiction-calendars.ts';
import { addDays, instantAt, wallClock } from '../time/local-date.ts';
import { clockRuns } from '../requests/request-lifecycle.ts';
import { FIGURE_FIELDS, figuresOfStored, type FigureSource } from './stored-figures.ts';
import { MonthRollupModel, RollupModel, rollupFields, rollupOf } from './rollup-model.ts';
import type { RollupRow } from './stats-report.ts';
import { rollupsInRange } from './rollup-range.ts';
import { buildRollup, sumRollups, type RollupItem } from './rollup.ts';
import {
  rebuildMonthOfDays,
  rebuildUntilSteady,
  replaceDerived,
  type RebuildHooks,
} from './steady-rebuild.ts';
import { requestsReceived, type Fields } from '../requests/request-reads.ts';

/** A stored request as a rollup reads it, with the local day of its receipt. */
export function itemOf(calendars: JurisdictionCalendars, request: FigureSource, now: Date) {
  // A portal's test submission counts in no statistic.
  if (request.test) return undefined;
  const found = figuresOfStored(calendars, request, now);
  if (!found) return undefined;
  const zone = found.jurisdiction.timeZone;
  const item: RollupItem = {
    figures: found.figures,
    openDueDay: clockRuns(request.status) ? wallClock(request.dueAt, zone).date : null,
    silenceIsRefusal: found.rules.silenceIsRefusal,
    public: request.visibility === 'public',
  };
  return { item, day: wallClock(request.receivedAt, zone).date };
}

/** The requests an agency received on one local day, with the fields named. */
const receivedOn = <F extends Fields>(agency: string, day: string, zone: string, fields: F) =>
  requestsReceived(agency, instantAt(day, 0, zone), instantAt(addDays(day, 1), 0, zone), fields);

/** The days of `month` (`YYYY-MM`) as a range of `day` strings. */
export const daysOf = (month: string) =>
  mongoose.trusted({ $gte: `${month}-01`, $lte: `${month}-31` });

/** What a rebuild read, as far as telling a change goes: each request's id and version. */
const versionsOf = (docs: readonly { _id: unknown; version?: unknown }[]) =>
  docs
    .map((doc) => `${String(doc._id)}:${String(doc.version)}`)
    .sort()
    .join(',');

/**
 * Rebuilds one agency-day from its requests, then its month from its days:
 * recompute, then `$set` each whole document (idempotent); a day or month with
 * nothing left is deleted. Each write is checked against a second read of its
 * sources (rebuildUntilSteady), as two rebuilds of one agency-day may run at once.
 */
export async function rebuildAgencyDay(
  calendars: JurisdictionCalendars,
  agency: string,
  jurisdiction: string,
  day: string,
  now: Date,
  hooks: RebuildHooks = {},
): Promise<void> {
  const zone = calendars.get(jurisdiction)?.jurisdiction.timeZone;
  if (!zone) return;
  const id = `${agency}_${day}`;
  await rebuildUntilSteady(
    () => receivedOn(agency, day, zone, { ...FIGURE_FIELDS, version: 1 }),
    async (requests) => {
      const items = requests.flatMap((r) => itemOf(calendars, r, now)?.item ?? []);
      await replaceDerived(
        RollupModel,
        id,
        items.length === 0
          ? null
          : { ...rollupFields(agency, jurisdiction, buildRollup(items), now), day },
      );
    },
    versionsOf,
    hooks,
  );
  await rebuildAgencyMonth(agency, jurisdiction, day.slice(0, 7), now, hooks);
}

/**
 * Rebuilds one agency-month as the sum of its days (`{agency, day}` index, 31
 * at most), checked like rebuildAgencyDay: after its write it reads the days
 * again, and starts over if another rebuild changed one meanwhile.
 */
async function rebuildAgencyMonth(
  agency: string,
  jurisdiction: string,
  month: string,
  now: Date,
  hooks: RebuildHooks = {},
): Promise<void> {
  await rebuildMonthOfDays(
    () =>
      RollupModel.find({ agency, day: daysOf(month) }, { builtAt: 0 })
        .sort({ day: 1 })
        .lean(),
    { model: MonthRollupModel, id: `${agency}_${month}` },
    (days) => ({
      ...rollupFields(agency, jurisdiction, sumRollups(days.map(rollupOf)), now),
      month,
    }),
    hooks,
  );
}

/**
 * The rollups over days of receipt `from`–`to` of some jurisdictions or of one
 * agency (rollup-range.ts), never the requests.
 */
export async function rollupRows(
  query: ({ agency: string } | { jurisdictions: readonly string[] }) & { from: string; to: string },
): Promise<RollupRow[]> {
  const { months, days } = await rollupsInRange(
    {
      days: (filter) => RollupModel.find(filter, { builtAt: 0 }).lean(),
      months: (filter) => MonthRollupModel.find(filter, { builtAt: 0 }).lean(),
    },
    query,
    query.from,
    query.to,
  );
  const row = (doc: { agency: string; jurisdiction: string } & Parameters<typeof rollupOf>[0]) => ({
    agency: doc.agency,
    jurisdiction: doc.jurisdiction,
    rollup: rollupOf(doc),
  });
  return [
    ...months.map((doc) => ({ ...row(doc), month: doc.month })),
    ...days.map((doc) => ({ ...row(doc), month: doc.day.slice(0, 7) })),
  ];
}
