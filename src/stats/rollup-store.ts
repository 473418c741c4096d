import mongoose, { Schema } from 'mongoose';
import {
  calendarAndRules,
  type JurisdictionCalendars,
} from '../jurisdictions/jurisdiction-calendars.ts';
import { addDays, instantAt, wallClock } from '../jurisdictions/local-date.ts';
import { clockRuns } from '../requests/request-lifecycle.ts';
import { RequestModel } from '../requests/request-model.ts';
import { emptyCounts, type FigureCounts } from './figure-totals.ts';
import { requestFigures, type FigureInputs } from './request-figures.ts';
import { buildRollup, type Rollup, type RollupItem } from './rollup.ts';

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
    openDue: { type: Schema.Types.Mixed, default: {} },
    openDueSilent: { type: Schema.Types.Mixed, default: {} },
    builtAt: { type: Date, required: true },
  },
  { collection: 'stats_rollups', strict: 'throw', minimize: false, versionKey: false },
);
rollupSchema.index({ jurisdiction: 1, day: 1 });
rollupSchema.index({ agency: 1, day: 1 });
export const RollupModel = mongoose.model('StatsRollup', rollupSchema);

const FIELDS = {
  agency: 1,
  jurisdiction: 1,
  rulesVersion: 1,
  status: 1,
  receivedAt: 1,
  dueAt: 1,
  acknowledgedAt: 1,
  answeredAt: 1,
  outcome: 1,
  legalGrounds: 1,
  extensionCount: 1,
  transfers: 1,
  pauses: 1,
  appeal: 1,
} as const;

type Stored = FigureInputs & { agency: string; jurisdiction: string; rulesVersion: string };

/** A stored request as a rollup reads it, with the local day of its receipt. */
function itemOf(calendars: JurisdictionCalendars, request: Stored, now: Date) {
  const found = calendarAndRules(calendars, request);
  if (!found) return undefined;
  const { rules } = found;
  const zone = found.jurisdiction.timeZone;
  const item: RollupItem = {
    figures: requestFigures(request, rules, found.calendar, now),
    openDueDay: clockRuns(request.status) ? wallClock(request.dueAt, zone).date : null,
    silenceIsRefusal: rules.silenceIsRefusal,
  };
  return { item, day: wallClock(request.receivedAt, zone).date };
}

function toDoc(agency: string, jurisdiction: string, day: string, rollup: Rollup, now: Date) {
  const { refusalsByExemption, ...counts } = rollup.counts;
  return {
    agency,
    jurisdiction,
    day,
    counts,
    refusals: Object.entries(refusalsByExemption).map(([article, count]) => ({ article, count })),
    openDue: rollup.openDue,
    openDueSilent: rollup.openDueSilent,
    builtAt: now,
  };
}

/** A stored rollup back in the pure form. */
export function rollupOf(doc: {
  counts: unknown;
  refusals: readonly { article?: string | null; count?: number | null }[];
  openDue?: unknown;
  openDueSilent?: unknown;
}): Rollup {
  const counts = { ...emptyCounts(), ...(doc.counts as Partial<FigureCounts>) };
  counts.refusalsByExemption = Object.fromEntries(
    doc.refusals.map((r) => [r.article ?? '', r.count ?? 0]),
  );
  return {
    counts,
    openDue: (doc.openDue ?? {}) as Record<string, number>,
    openDueSilent: (doc.openDueSilent ?? {}) as Record<string, number>,
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
    FIELDS,
  ).lean<Stored[]>();
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
    { agency: string; jurisdiction: string; day: string; items: RollupItem[] }
  >();
  let requests = 0;
  for await (const request of RequestModel.find({}, FIELDS).lean<Stored[]>().cursor()) {
    requests += 1;
    const found = itemOf(calendars, request, now);
    if (!found) continue;
    const key = `${request.agency}_${found.day}`;
    const group = groups.get(key) ?? {
      agency: request.agency,
      jurisdiction: request.jurisdiction,
      day: found.day,
      items: [],
    };
    group.items.push(found.item);
    groups.set(key, group);
  }
  await RollupModel.deleteMany({});
  const docs = [...groups.entries()].map(([id, g]) => ({
    _id: id,
    ...toDoc(g.agency, g.jurisdiction, g.day, buildRollup(g.items), now),
  }));
  for (let i = 0; i < docs.length; i += 500)
    await RollupModel.insertMany(docs.slice(i, i + 500), { ordered: false });
  return { requests, rollups: docs.length };
}

/** The rollups of a jurisdiction (or one agency) over days of receipt `from`–`to`, by agency. */
export async function rollupsByAgency(query: {
  jurisdiction: string;
  agency?: string;
  from: string;
  to: string;
}): Promise<Map<string, Rollup[]>> {
  const docs = await RollupModel.find({
    jurisdiction: query.jurisdiction,
    ...(query.agency ? { agency: query.agency } : {}),
    day: mongoose.trusted({ $gte: query.from, $lte: query.to }),
  })
    .sort({ agency: 1, day: 1 })
    .lean();
  const byAgency = new Map<string, Rollup[]>();
  for (const doc of docs)
    byAgency.set(doc.agency, [...(byAgency.get(doc.agency) ?? []), rollupOf(doc)]);
  return byAgency;
}
