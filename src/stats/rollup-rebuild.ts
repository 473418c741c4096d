import mongoose from 'mongoose';
import { replaceCollection } from './collection-staging.ts';
import { createEventRebuild } from './event-rollup-rebuild.ts';
import type { JurisdictionCalendars } from '../jurisdictions/jurisdiction-calendars.ts';
import { STINT_FIELDS } from './stint-store.ts';
import { MonthRollupModel, RollupModel, rollupFields } from './rollup-model.ts';
import { itemOf, rebuildAgencyDay } from './rollup-store.ts';
import { addToRollup, emptyRollup, sumRollups, type Rollup } from './rollup.ts';
import { everyRequest } from '../requests/request-reads.ts';

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
): Promise<{ requests: number; rollups: number; stints: number; eventRollups: number }> {
  const started = new Date();
  const days = new Map<string, Group>();
  const events = await createEventRebuild(now);
  let requests = 0;
  const cursor = everyRequest(STINT_FIELDS, 2_000);
  for await (const request of cursor) {
    requests += 1;
    if (requests % 1_000 === 0) onRead(requests);
    await events.add(calendars, request);
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
  const rebuilt = await events.finish(calendars, started);
  return { requests, rollups: days.size, ...rebuilt };
}
