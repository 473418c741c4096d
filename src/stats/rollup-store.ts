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
 * One document per agency and local day of receipt. Exemption articles contain
 * dots (`Art. 13(c)`), which FerretDB refuses in field names, so they are kept
 * as a list.
 */
const rollupSchema = new Schema(
  {
    _id: { type: String, required: true },
    agency: { type: String, required: true },
    jurisdiction: { type: String, required: true },
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
  if (items.length === 0) {
    await RollupModel.deleteOne({ _id: id });
    return;
  }
  await RollupModel.updateOne(
    { _id: id },
    { $set: toDoc(agency, jurisdiction, day, buildRollup(items), now) },
    { upsert: true },
  );
}

/** Rebuilds every rollup, reading the requests once (streamed), not once per agency-day. */
export async function rebuildAllRollups(
  calendars: JurisdictionCalendars,
  now: Date,
): Promise<{ requests: number; rollups: number }> {
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
  // Replaced in place, then the agency-days that no longer have requests are
  // removed: readers never see an empty table while a rebuild runs.
  const ids = [...groups.keys()];
  const collection = RollupModel.collection as unknown as mongoose.mongo.Collection<
    { _id: string } & ReturnType<typeof toDoc>
  >;
  for (let i = 0; i < ids.length; i += 500) {
    await collection.bulkWrite(
      ids.slice(i, i + 500).flatMap((id) => {
        const g = groups.get(id);
        if (!g) return [];
        const doc = toDoc(g.agency, g.jurisdiction, g.day, g.rollup, now);
        return [
          { replaceOne: { filter: { _id: id }, replacement: { _id: id, ...doc }, upsert: true } },
        ];
      }),
      { ordered: false },
    );
  }
  await RollupModel.deleteMany({ builtAt: mongoose.trusted({ $lt: now }) });
  return { requests, rollups: ids.length };
}

/**
 * The rollups over days of receipt `from`–`to` of some jurisdictions (null:
 * all) or of one agency: a range query reads rollups, never the requests.
 */
export async function rollupRows(query: {
  jurisdictions: readonly string[] | null;
  agency?: string;
  from: string;
  to: string;
}): Promise<RollupRow[]> {
  const docs = await RollupModel.find(
    {
      ...(query.jurisdictions
        ? { jurisdiction: mongoose.trusted({ $in: [...query.jurisdictions] }) }
        : {}),
      ...(query.agency ? { agency: query.agency } : {}),
      day: mongoose.trusted({ $gte: query.from, $lte: query.to }),
    },
    { builtAt: 0 },
  ).lean();
  return docs.map((doc) => ({
    agency: doc.agency,
    jurisdiction: doc.jurisdiction,
    day: doc.day,
    rollup: rollupOf(doc),
  }));
}
