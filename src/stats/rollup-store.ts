import mongoose, { Schema } from 'mongoose';
import type { JurisdictionCalendars } from '../jurisdictions/jurisdiction-calendars.ts';
import { addDays, instantAt, wallClock } from '../jurisdictions/local-date.ts';
import { clockRuns } from '../requests/request-lifecycle.ts';
import { RequestModel } from '../requests/request-model.ts';
import { emptyCounts, type FigureCounts } from './figure-totals.ts';
import { FIGURE_FIELDS, figuresOfStored, type FigureSource } from './stored-figures.ts';
import type { RollupRow } from './stats-report.ts';
import { addToRollup, buildRollup, emptyRollup, type Rollup, type RollupItem } from './rollup.ts';

/**
 * One document per agency and local day of receipt (`stats_rollups`, DESIGN
 * §8), `_id` `<agency>_<day>`. A range of days of one agency, or of some
 * jurisdictions, is one indexed `find`. Exemption articles contain dots
 * (`Art. 13(c)`), awkward as field names, so they are kept as a list.
 */
const rollupSchema = new Schema(
  {
    _id: { type: String, required: true },
    agency: { type: String, required: true },
    jurisdiction: { type: String, required: true },
    /** The local day of receipt, `YYYY-MM-DD`: strings in this form sort as dates. */
    day: { type: String, required: true },
    counts: { type: Schema.Types.Mixed, required: true },
    refusals: { type: [{ article: String, count: Number, _id: false }], default: [] },
    publicRefusals: { type: [{ article: String, count: Number, _id: false }], default: [] },
    openDue: { type: Schema.Types.Mixed, default: {} },
    openDueSilent: { type: Schema.Types.Mixed, default: {} },
    builtAt: { type: Date, required: true },
  },
  { collection: 'stats_rollups', strict: 'throw', minimize: false, versionKey: false },
);
rollupSchema.index({ jurisdiction: 1, day: 1 });
rollupSchema.index({ agency: 1, day: 1 });
// A full rebuild finds the agency-days the rollup job rebuilt while it ran.
rollupSchema.index({ builtAt: 1 });
export const RollupModel = mongoose.model('StatsRollup', rollupSchema);

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

/** Rebuilds one agency-day from its requests: recompute, then `$set` the whole document (idempotent). */
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
      { $set: toDoc(agency, jurisdiction, day, buildRollup(items), now) },
      { upsert: true },
    );
}

type RollupDoc = { _id: string } & ReturnType<typeof toDoc>;

/**
 * Writes `docs` into a staging collection, then moves it over `model`'s
 * collection with its indexes, in one atomic `renameCollection` with
 * `dropTarget`: readers see the old collection or the new, never neither.
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
  await staging.rename(target, { dropTarget: true });
}

/**
 * Rebuilds every rollup, reading the requests once (streamed) into one
 * accumulator per agency-day, never once per agency-day. The new rollups are
 * written whole into a staging collection that then replaces the old one, so
 * readers see the old figures or the new, never a half-built table. The
 * agency-days the rollup job rebuilt while it ran are rebuilt once more after.
 * `onRead` hears how many requests were read so far, every thousand.
 */
export async function rebuildAllRollups(
  calendars: JurisdictionCalendars,
  now: Date,
  onRead: (requests: number) => void = () => undefined,
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
    if (requests % 1_000 === 0) onRead(requests);
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
  onRead(requests);
  for (const doc of touched)
    await rebuildAgencyDay(calendars, doc.agency, doc.jurisdiction, doc.day, now);
  return { requests, rollups: groups.size };
}

/**
 * The rollups over days of receipt `from`–`to` of some jurisdictions or of one
 * agency: one indexed `find` (`{jurisdiction, day}` or `{agency, day}`), never
 * the requests.
 */
export async function rollupRows(
  query: ({ agency: string } | { jurisdictions: readonly string[] }) & { from: string; to: string },
): Promise<RollupRow[]> {
  const day = mongoose.trusted({ $gte: query.from, $lte: query.to });
  const filter =
    'agency' in query
      ? { agency: query.agency, day }
      : { jurisdiction: mongoose.trusted({ $in: [...query.jurisdictions] }), day };
  const docs = await RollupModel.find(filter, { builtAt: 0 }).lean();
  return docs.map((doc) => ({
    agency: doc.agency,
    jurisdiction: doc.jurisdiction,
    day: doc.day,
    rollup: rollupOf(doc),
  }));
}
