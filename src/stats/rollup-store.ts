import mongoose from 'mongoose';
import type { JurisdictionCalendars } from '../jurisdictions/jurisdiction-calendars.ts';
import { addDays, instantAt, wallClock } from '../time/local-date.ts';
import { clockRuns } from '../requests/request-lifecycle.ts';
import { FIGURE_FIELDS, figuresOfStored, type FigureSource } from './stored-figures.ts';
import { MonthRollupModel, RollupModel, rollupFields, rollupOf } from './rollup-model.ts';
import { rangeParts, type RollupRow } from './stats-report.ts';
import { buildRollup, sumRollups, type RollupItem } from './rollup.ts';
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
const daysOf = (month: string) => mongoose.trusted({ $gte: `${month}-01`, $lte: `${month}-31` });

/** How many times a rebuild reads again when its sources changed while it wrote. */
const MAX_ROUNDS = 5;

/** What a rebuild read, as far as telling a change goes: each request's id and version. */
const versionsOf = (docs: readonly { _id: unknown; version?: unknown }[]) =>
  docs
    .map((doc) => `${String(doc._id)}:${String(doc.version)}`)
    .sort()
    .join(',');

/** For tests of concurrent rebuilds: what to await between a rebuild's read and its write. */
export interface RebuildHooks {
  afterRead?: () => Promise<void>;
}

/**
 * Rebuilds one agency-day from its requests, then its month from its days:
 * recompute, then `$set` each whole document (idempotent); a day or month with
 * nothing left is deleted. Two rebuilds of one agency-day may run at once (an
 * event each): the one that read first could write last and leave figures
 * older than its sources. So each write is checked: after it, the rebuild
 * reads its sources' versions again, and when they changed it starts over.
 * The last write is then always of sources as they stood after it.
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
  for (let round = 1; ; round += 1) {
    const requests = await receivedOn(agency, day, zone, { ...FIGURE_FIELDS, version: 1 });
    await hooks.afterRead?.();
    const items = requests.flatMap((r) => itemOf(calendars, r, now)?.item ?? []);
    if (items.length === 0) await RollupModel.deleteOne({ _id: id });
    else
      await RollupModel.updateOne(
        { _id: id },
        { $set: { ...rollupFields(agency, jurisdiction, buildRollup(items), now), day } },
        { upsert: true },
      );
    const current = await receivedOn(agency, day, zone, { version: 1 });
    if (versionsOf(current) === versionsOf(requests) || round === MAX_ROUNDS) break;
  }
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
  const id = `${agency}_${month}`;
  const readDays = () =>
    RollupModel.find({ agency, day: daysOf(month) }, { builtAt: 0 })
      .sort({ day: 1 })
      .lean();
  for (let round = 1; ; round += 1) {
    const days = await readDays();
    await hooks.afterRead?.();
    if (days.length === 0) await MonthRollupModel.deleteOne({ _id: id });
    else
      await MonthRollupModel.updateOne(
        { _id: id },
        {
          $set: {
            ...rollupFields(agency, jurisdiction, sumRollups(days.map(rollupOf)), now),
            month,
          },
        },
        { upsert: true },
      );
    const current = await readDays();
    if (JSON.stringify(current) === JSON.stringify(days) || round === MAX_ROUNDS) break;
  }
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
