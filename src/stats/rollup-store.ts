import pLimit from 'p-limit';
import mongoose, { Schema } from 'mongoose';
import type { JurisdictionCalendars } from '../jurisdictions/jurisdiction-calendars.ts';
import { addDays, instantAt, wallClock } from '../jurisdictions/local-date.ts';
import { clockRuns } from '../requests/request-lifecycle.ts';
import { RequestModel } from '../requests/request-model.ts';
import { emptyCounts, type FigureCounts } from './figure-totals.ts';
import { FIGURE_FIELDS, figuresOfStored, type FigureSource } from './stored-figures.ts';
import {
  groupBy,
  lastDayOf,
  planDays,
  rangePlan,
  rangeRows,
  type RollupRow,
} from './stats-report.ts';
import {
  addToRollup,
  buildRollup,
  emptyRollup,
  monthToDate,
  type Rollup,
  type RollupItem,
} from './rollup.ts';

/**
 * One document per agency and local day of receipt (`stats_rollups`); per
 * agency and month, their sum (`stats_rollups_monthly`, `day` holding
 * `YYYY-MM`); and per agency and every other day of a month it received
 * anything in, the sum of that month to date. Any range then reads two
 * documents per agency and month at most (a year of whole months, 12), by
 * equality, rather than every day. The sums to date are kept in one
 * collection per day of the month (`stats_rollups_to_date_01`…`_30`; a 31st
 * is always a month's last day, whose sum is the monthly rollup), because
 * FerretDB scans a whole collection for every query, reads and upserts alike:
 * each stays the size of the monthly one rather than 30 times larger.
 * Exemption articles contain dots (`Art. 13(c)`), which FerretDB refuses in
 * field names, so they are kept as a list.
 */
function rollupSchema(collection: string, indexes: readonly Record<string, 1>[]) {
  const schema = new Schema(
    {
      _id: { type: String, required: true },
      agency: { type: String, required: true },
      jurisdiction: { type: String, required: true },
      day: { type: String, required: true },
      /** `YYYY-MM`: found by equality, which FerretDB hands to its backend. */
      month: { type: String, required: true },
      counts: { type: Schema.Types.Mixed, required: true },
      refusals: { type: [{ article: String, count: Number, _id: false }], default: [] },
      publicRefusals: { type: [{ article: String, count: Number, _id: false }], default: [] },
      openDue: { type: Schema.Types.Mixed, default: {} },
      openDueSilent: { type: Schema.Types.Mixed, default: {} },
      builtAt: { type: Date, required: true },
    },
    { collection, strict: 'throw', minimize: false, versionKey: false },
  );
  for (const index of indexes) schema.index(index);
  return schema;
}
const BY_DAY_AND_MONTH = [
  { jurisdiction: 1, day: 1 },
  { agency: 1, day: 1 },
  { agency: 1, month: 1 },
  { jurisdiction: 1, month: 1 },
] as const;
export const RollupModel = mongoose.model(
  'StatsRollup',
  rollupSchema('stats_rollups', BY_DAY_AND_MONTH),
);
export const MonthRollupModel = mongoose.model(
  'StatsMonthRollup',
  rollupSchema('stats_rollups_monthly', BY_DAY_AND_MONTH),
);
/** The collections of sums to date by day of the month (`01`…`30`); in each, a month is one day. */
export const TO_DATE_MODELS = new Map(
  Array.from({ length: 30 }, (_, i) => String(i + 1).padStart(2, '0')).map((dd) => [
    dd,
    mongoose.model(
      `StatsToDateRollup${dd}`,
      rollupSchema(`stats_rollups_to_date_${dd}`, [
        { jurisdiction: 1, month: 1 },
        { agency: 1, month: 1 },
      ]),
    ),
  ]),
);

/** The collection of the sums to date on `day` (not the last of its month). */
function toDateModel(day: string) {
  const model = TO_DATE_MODELS.get(day.slice(8, 10));
  if (!model) throw new Error(`no sums to date on ${day}`);
  return model;
}

/** A stored request as a rollup reads it, with the local day of its receipt. */
function itemOf(calendars: JurisdictionCalendars, request: FigureSource, now: Date) {
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

const articleList = (record: Readonly<Record<string, number>>) =>
  Object.entries(record).map(([article, count]) => ({ article, count }));
const articleRecord = (
  list: readonly { article?: string | null; count?: number | null }[] | undefined,
) => Object.fromEntries((list ?? []).map((r) => [r.article ?? '', r.count ?? 0]));

function toDoc(agency: string, jurisdiction: string, day: string, rollup: Rollup, now: Date) {
  const { refusalsByExemption, ...counts } = rollup.counts;
  return {
    agency,
    jurisdiction,
    day,
    month: day.slice(0, 7),
    counts,
    refusals: articleList(refusalsByExemption),
    publicRefusals: articleList(rollup.publicRefusals),
    openDue: rollup.openDue,
    openDueSilent: rollup.openDueSilent,
    builtAt: now,
  };
}

/** A stored rollup back in the pure form. */
export function rollupOf(doc: {
  counts: unknown;
  refusals?: readonly { article?: string | null; count?: number | null }[];
  publicRefusals?: readonly { article?: string | null; count?: number | null }[];
  openDue?: unknown;
  openDueSilent?: unknown;
}): Rollup {
  const counts = { ...emptyCounts(), ...(doc.counts as Partial<FigureCounts>) };
  counts.refusalsByExemption = articleRecord(doc.refusals);
  return {
    counts,
    openDue: (doc.openDue ?? {}) as Record<string, number>,
    openDueSilent: (doc.openDueSilent ?? {}) as Record<string, number>,
    publicRefusals: articleRecord(doc.publicRefusals),
  };
}

/**
 * Rebuilds one agency-day from its requests (recompute, then `$set` the whole
 * document: idempotent, and right on FerretDB, whose updates are not atomic).
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
  const requests = await RequestModel.find(
    {
      agency,
      receivedAt: mongoose.trusted({
        $gte: instantAt(day, 0, zone),
        $lt: instantAt(addDays(day, 1), 0, zone),
      }),
    },
    FIGURE_FIELDS,
  ).lean<FigureSource[]>();
  const items = requests.flatMap((r) => itemOf(calendars, r, now)?.item ?? []);
  const id = `${agency}_${day}`;
  if (items.length === 0) await RollupModel.deleteOne({ _id: id });
  else
    await RollupModel.updateOne(
      { _id: id },
      { $set: toDoc(agency, jurisdiction, day, buildRollup(items), now) },
      { upsert: true },
    );
  await rebuildAgencyMonth(agency, jurisdiction, day.slice(0, 7), now);
}

type RollupDoc = { _id: string } & ReturnType<typeof toDoc>;

/**
 * The documents of one agency-month's sums: the whole month (`monthly`), and
 * the month to date on each of its other days (`toDate`).
 */
function monthDocs(
  agency: string,
  jurisdiction: string,
  month: string,
  days: ReadonlyMap<string, Rollup>,
  now: Date,
) {
  const sums = monthToDate(month, days);
  const whole = sums.pop();
  if (!whole) throw new Error(`no days in ${month}`);
  return {
    monthly: {
      _id: `${agency}_${month}`,
      ...toDoc(agency, jurisdiction, month, whole.rollup, now),
    },
    toDate: sums.map(({ day, rollup }) => ({
      _id: `${agency}_${day}`,
      ...toDoc(agency, jurisdiction, day, rollup, now),
    })),
  };
}

/** Rebuilds one agency-month's sums from its days (recompute and `$set`). */
export async function rebuildAgencyMonth(
  agency: string,
  jurisdiction: string,
  month: string,
  now: Date,
) {
  const days = await RollupModel.find({ agency, month }).lean();
  if (days.length === 0) {
    await MonthRollupModel.deleteOne({ _id: `${agency}_${month}` });
    await Promise.all(
      [...TO_DATE_MODELS.values()].map((model) => model.deleteOne({ agency, month })),
    );
    return;
  }
  const docs = monthDocs(
    agency,
    jurisdiction,
    month,
    new Map(days.map((doc) => [doc.day, rollupOf(doc)])),
    now,
  );
  const upsert = (model: typeof RollupModel, { _id, ...doc }: RollupDoc) =>
    model.updateOne({ _id }, { $set: doc }, { upsert: true });
  await Promise.all(docs.toDate.map((doc) => upsert(toDateModel(doc.day), doc)));
  await upsert(MonthRollupModel, docs.monthly);
}

/**
 * Writes `docs` into a staging collection, then moves it over `model`'s
 * collection with its indexes (atomic on MongoDB; on FerretDB, which has no
 * `dropTarget`, a drop then a rename: an instant without rollups).
 */
async function replaceCollection(model: typeof RollupModel, docs: Iterable<RollupDoc>) {
  const db = model.db.db;
  if (!db) throw new Error('not connected');
  const target = model.collection.collectionName;
  const name = `${target}_rebuild`;
  await db.dropCollection(name).catch(() => undefined);
  const staging = db.collection<RollupDoc>(name);
  let batch: RollupDoc[] = [];
  for (const doc of docs) {
    batch.push(doc);
    if (batch.length === 1_000) {
      await staging.insertMany(batch, { ordered: false });
      batch = [];
    }
  }
  if (batch.length > 0) await staging.insertMany(batch, { ordered: false });
  await staging.createIndexes(
    model.schema.indexes().map(([key]) => ({ key: key as Record<string, 1 | -1> })),
  );
  try {
    await staging.rename(target, { dropTarget: true });
  } catch (error) {
    if (!/dropTarget/.test(String(error))) throw error;
    await model.collection.drop().catch(() => undefined);
    await staging.rename(target);
  }
}

/**
 * Rebuilds every rollup, reading the requests once (streamed) into one
 * accumulator per agency-day, never once per agency-day. The new rollups are
 * written whole into a staging collection that then replaces the old one, so
 * readers see the old figures or the new, never a half-built table. The
 * agency-days the rollup job rebuilt while it ran are rebuilt once more after.
 */
export async function rebuildAllRollups(
  calendars: JurisdictionCalendars,
  now: Date,
): Promise<{ requests: number; rollups: number }> {
  const started = new Date();
  const groups = new Map<
    string,
    { agency: string; jurisdiction: string; day: string; rollup: Rollup }
  >();
  let requests = 0;
  const cursor = RequestModel.find({}, FIGURE_FIELDS)
    .lean<FigureSource[]>()
    .batchSize(2_000)
    .cursor();
  for await (const request of cursor) {
    requests += 1;
    const found = itemOf(calendars, request, now);
    if (!found) continue;
    const key = `${request.agency}_${found.day}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        agency: request.agency,
        jurisdiction: request.jurisdiction,
        day: found.day,
        rollup: emptyRollup(),
      };
      groups.set(key, group);
    }
    addToRollup(group.rollup, found.item);
  }
  // Agency-days the rollup job rebuilt while the requests were read: they may
  // hold changes this read missed, so they are rebuilt again after the swap.
  // (A range over the rollups, not the requests: far fewer documents.)
  const touched = await RollupModel.find(
    { builtAt: mongoose.trusted({ $gte: started }) },
    { agency: 1, jurisdiction: 1, day: 1 },
  ).lean();
  await replaceCollection(
    RollupModel,
    [...groups].map(([id, g]) => ({
      _id: id,
      ...toDoc(g.agency, g.jurisdiction, g.day, g.rollup, now),
    })),
  );
  const months = groupBy([...groups.values()], (g) => `${g.agency}_${g.day.slice(0, 7)}`);
  const sums = [...months.values()].map((days) => {
    const [{ agency, jurisdiction, day }] = days as [(typeof days)[number]];
    const rollups = new Map(days.map((g) => [g.day, g.rollup]));
    return monthDocs(agency, jurisdiction, day.slice(0, 7), rollups, now);
  });
  await replaceCollection(
    MonthRollupModel,
    sums.map((m) => m.monthly),
  );
  const byDayOfMonth = groupBy(
    sums.flatMap((m) => m.toDate),
    (doc) => doc.day.slice(8, 10),
  );
  for (const [dd, model] of TO_DATE_MODELS)
    await replaceCollection(model, byDayOfMonth.get(dd) ?? []);
  for (const doc of touched)
    await rebuildAgencyDay(calendars, doc.agency, doc.jurisdiction, doc.day, now);
  return { requests, rollups: groups.size };
}

/** Reads with this many queries in flight at most. */
const READ_CONCURRENCY = 8;

/**
 * The rollups over days of receipt `from`–`to` of some jurisdictions (null:
 * all) or of one agency: a range query reads rollups, never the requests.
 * Each month of the range is a rollup to date less another (`rangePlan`), and
 * each of those days is read by equality (which FerretDB hands to its
 * backend; MongoDB serves it from the indexes): at most two documents per
 * agency and month.
 */
export async function rollupRows(query: {
  jurisdictions: readonly string[] | null;
  agency?: string;
  from: string;
  to: string;
}): Promise<RollupRow[]> {
  const plan = rangePlan(query.from, query.to);
  const scopes = query.agency
    ? [{ agency: query.agency }]
    : query.jurisdictions
      ? query.jurisdictions.map((jurisdiction) => ({ jurisdiction }))
      : [{}];
  // A month's last day is the whole month.
  const read = async (scope: object, day: string) => {
    const month = day.slice(0, 7);
    if (day !== lastDayOf(month))
      return toDateModel(day)
        .find({ ...scope, month }, { builtAt: 0 })
        .lean();
    const docs = await MonthRollupModel.find({ ...scope, day: month }, { builtAt: 0 }).lean();
    return docs.map((doc) => ({ ...doc, day }));
  };
  const reads = scopes.flatMap((scope) => planDays(plan).map((day) => () => read(scope, day)));
  const limit = pLimit(READ_CONCURRENCY);
  const docs = (await Promise.all(reads.map((read) => limit(read)))).flat();
  return rangeRows(
    plan,
    docs.map((doc) => ({
      agency: doc.agency,
      jurisdiction: doc.jurisdiction,
      day: doc.day,
      rollup: rollupOf(doc),
    })),
  );
}
