import mongoose from 'mongoose';
import type { JurisdictionCalendars } from '../jurisdictions/jurisdiction-calendars.ts';
import { FIGURE_FIELDS } from './stored-figures.ts';
import { MonthRollupModel, RollupModel, rollupFields } from './rollup-model.ts';
import { itemOf, rebuildAgencyDay } from './rollup-store.ts';
import { addToRollup, emptyRollup, sumRollups, type Rollup } from './rollup.ts';
import { everyRequest } from '../requests/request-reads.ts';

/**
 * Writes `docs` into a staging collection, then moves it over `model`'s
 * collection with its indexes, in one atomic `renameCollection` with
 * `dropTarget`: readers see the old collection or the new, never neither.
 */
async function replaceCollection(model: mongoose.Model<never>, docs: Iterable<{ _id: string }>) {
  const db = model.db.db;
  if (!db) throw new Error('not connected');
  const target = model.collection.collectionName;
  const name = `${target}_rebuild`;
  await db.dropCollection(name).catch(() => undefined);
  const staging = db.collection<{ _id: string }>(name);
  let batch: { _id: string }[] = [];
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

interface Group {
  agency: string;
  jurisdiction: string;
  /** A day (`YYYY-MM-DD`) or a month (`YYYY-MM`). */
  period: string;
  rollup: Rollup;
}

/**
 * Rebuilds every rollup, reading the requests once (streamed) into one
 * accumulator per agency-day, never once per agency-day; each agency-month is
 * the sum of its days. The new rollups are written whole into staging
 * collections that then replace the old ones, so readers see the old figures
 * or the new, never a half-built table. The agency-days the rollup job rebuilt
 * while it ran are rebuilt once more after. `onRead` hears how many requests
 * were read so far, every thousand.
 */
export async function rebuildAllRollups(
  calendars: JurisdictionCalendars,
  now: Date,
  onRead: (requests: number) => void = () => undefined,
): Promise<{ requests: number; rollups: number }> {
  const started = new Date();
  const days = new Map<string, Group>();
  let requests = 0;
  const cursor = everyRequest(FIGURE_FIELDS, 2_000);
  for await (const request of cursor) {
    requests += 1;
    if (requests % 1_000 === 0) onRead(requests);
    const found = itemOf(calendars, request, now);
    if (!found) continue;
    const key = `${request.agency}_${found.day}`;
    let group = days.get(key);
    if (!group) {
      const { agency, jurisdiction } = request;
      group = { agency, jurisdiction, period: found.day, rollup: emptyRollup() };
      days.set(key, group);
    }
    addToRollup(group.rollup, found.item);
  }
  onRead(requests);
  const months = new Map<string, Group & { days: Rollup[] }>();
  for (const day of days.values()) {
    const key = `${day.agency}_${day.period.slice(0, 7)}`;
    const month = months.get(key) ?? { ...day, period: day.period.slice(0, 7), days: [] };
    month.days.push(day.rollup);
    months.set(key, month);
  }
  // Agency-days the rollup job rebuilt while the requests were read: they may
  // hold changes this read missed, so they are rebuilt again after the swap.
  const touched = await RollupModel.find(
    { builtAt: mongoose.trusted({ $gte: started }) },
    { agency: 1, jurisdiction: 1, day: 1 },
  ).lean();
  const fields = (g: Group, rollup: Rollup) => rollupFields(g.agency, g.jurisdiction, rollup, now);
  await replaceCollection(
    RollupModel as unknown as mongoose.Model<never>,
    [...days].map(([id, g]) => ({ _id: id, ...fields(g, g.rollup), day: g.period })),
  );
  await replaceCollection(
    MonthRollupModel as unknown as mongoose.Model<never>,
    [...months].map(([id, g]) => ({ _id: id, ...fields(g, sumRollups(g.days)), month: g.period })),
  );
  for (const doc of touched)
    await rebuildAgencyDay(calendars, doc.agency, doc.jurisdiction, doc.day, now);
  return { requests, rollups: days.size };
}
