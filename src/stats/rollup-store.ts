import mongoose from 'mongoose';
import type { JurisdictionCalendars } from '../jurisdictions/jurisdiction-calendars.ts';
import { addDays, instantAt, wallClock } from '../jurisdictions/local-date.ts';
import { clockRuns } from '../requests/request-lifecycle.ts';
import { RequestModel } from '../requests/request-model.ts';
import { FIGURE_FIELDS, figuresOfStored, type FigureSource } from './stored-figures.ts';
import { MonthRollupModel, RollupModel, rollupFields, rollupOf } from './rollup-model.ts';
import { rangeParts, type RollupRow } from './stats-report.ts';
import { buildRollup, sumRollups, type RollupItem } from './rollup.ts';

/** A stored request as a rollup reads it, with the local day of its receipt. */
export function itemOf(calendars: JurisdictionCalendars, request: FigureSource, now: Date) {
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

/** The requests an agency received on one local day (`{agency, receivedAt}` index). */
export function agencyDayFilter(agency: string, day: string, zone: string) {
  return {
    agency,
    receivedAt: mongoose.trusted({
      $gte: instantAt(day, 0, zone),
      $lt: instantAt(addDays(day, 1), 0, zone),
    }),
  };
}

/** The days of `month` (`YYYY-MM`) as a range of `day` strings. */
const daysOf = (month: string) => mongoose.trusted({ $gte: `${month}-01`, $lte: `${month}-31` });

/**
 * Rebuilds one agency-day from its requests, then its month from its days:
 * recompute, then `$set` each whole document (idempotent); a day or month with
 * nothing left is deleted.
 */
export async function rebuildAgencyDay(
  calendars: JurisdictionCalendars,
  agency: string,
  jurisdiction: string,
  day: string,
  now: Date,
): Promise<void> {
  const zone = calendars.get(jurisdiction)?.jurisdiction.timeZone;
  if (!zone) return;
  const requests = await RequestModel.find(agencyDayFilter(agency, day, zone), FIGURE_FIELDS).lean<
    FigureSource[]
  >();
  const items = requests.flatMap((r) => itemOf(calendars, r, now)?.item ?? []);
  const id = `${agency}_${day}`;
  if (items.length === 0) await RollupModel.deleteOne({ _id: id });
  else
    await RollupModel.updateOne(
      { _id: id },
      { $set: { ...rollupFields(agency, jurisdiction, buildRollup(items), now), day } },
      { upsert: true },
    );
  await rebuildAgencyMonth(agency, jurisdiction, day.slice(0, 7), now);
}

/** Rebuilds one agency-month as the sum of its days (`{agency, day}` index, 31 at most). */
export async function rebuildAgencyMonth(
  agency: string,
  jurisdiction: string,
  month: string,
  now: Date,
): Promise<void> {
  const days = await RollupModel.find({ agency, day: daysOf(month) }, { builtAt: 0 }).lean();
  const id = `${agency}_${month}`;
  if (days.length === 0) await MonthRollupModel.deleteOne({ _id: id });
  else
    await MonthRollupModel.updateOne(
      { _id: id },
      {
        $set: { ...rollupFields(agency, jurisdiction, sumRollups(days.map(rollupOf)), now), month },
      },
      { upsert: true },
    );
}

/**
 * The rollups over days of receipt `from`–`to` of some jurisdictions or of one
 * agency, never the requests: the range's whole months from the monthly sums
 * and its edge days from the day rollups (`rangeParts`), each an indexed range
 * read by jurisdiction (or agency) and period.
 */
export async function rollupRows(
  query: ({ agency: string } | { jurisdictions: readonly string[] }) & { from: string; to: string },
): Promise<RollupRow[]> {
  const scope =
    'agency' in query
      ? { agency: query.agency }
      : { jurisdiction: mongoose.trusted({ $in: [...query.jurisdictions] }) };
  const parts = rangeParts(query.from, query.to);
  const [months, ...days] = await Promise.all([
    parts.months
      ? MonthRollupModel.find(
          { ...scope, month: mongoose.trusted({ $gte: parts.months.from, $lte: parts.months.to }) },
          { builtAt: 0 },
        ).lean()
      : [],
    ...parts.days.map((run) =>
      RollupModel.find(
        { ...scope, day: mongoose.trusted({ $gte: run.from, $lte: run.to }) },
        { builtAt: 0 },
      ).lean(),
    ),
  ]);
  const row = (doc: { agency: string; jurisdiction: string } & Parameters<typeof rollupOf>[0]) => ({
    agency: doc.agency,
    jurisdiction: doc.jurisdiction,
    rollup: rollupOf(doc),
  });
  return [
    ...months.map((doc) => ({ ...row(doc), month: doc.month })),
    ...days.flat().map((doc) => ({ ...row(doc), month: doc.day.slice(0, 7) })),
  ];
}
