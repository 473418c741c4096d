import mongoose from 'mongoose';
import type { JurisdictionCalendars } from '../jurisdictions/jurisdiction-calendars.ts';
import { openStaging, replaceCollection } from './collection-staging.ts';
import {
  addEventCounts,
  addStintOn,
  daysOfStint,
  emptyEventCounts,
  type EventCounts,
} from './event-counts.ts';
import {
  EventMonthRollupModel,
  EventRollupModel,
  storedEventCounts,
} from './event-rollup-model.ts';
import { rebuildEventDay } from './event-rollup-store.ts';
import { StintModel } from './stint-model.ts';
import { refreshStints, stintDocsOf, type AgencyDay, type STINT_FIELDS } from './stint-store.ts';
import type { Projected } from '../requests/request-reads.ts';

type Row = { agency: string; jurisdiction: string; period: string; counts: EventCounts };
const asModel = (model: unknown) => model as mongoose.Model<never>;

/**
 * The annual report's part of `npm run stats:rebuild`, fed each request of
 * the one read: its stints go into a staging collection as they come, their
 * events into one accumulator per agency-day (never a read per day); at the
 * end the stints, the day rollups and their monthly sums replace the old
 * collections whole. Requests whose stints the event job rewrote meanwhile
 * are refreshed once more after.
 */
export async function createEventRebuild(now: Date) {
  const stints = await openStaging(asModel(StintModel));
  const days = new Map<string, Row>();
  let count = 0;
  return {
    async add(calendars: JurisdictionCalendars, request: Projected<typeof STINT_FIELDS>) {
      for (const doc of stintDocsOf(calendars, request, now)) {
        count += 1;
        await stints.add(doc);
        for (const day of daysOfStint(doc)) {
          const key = `${doc.agency}_${day}`;
          const row = days.get(key) ?? {
            agency: doc.agency,
            jurisdiction: doc.jurisdiction,
            period: day,
            counts: emptyEventCounts(),
          };
          addStintOn(row.counts, doc, day);
          days.set(key, row);
        }
      }
    },
    async finish(calendars: JurisdictionCalendars, started: Date) {
      const changed = await StintModel.distinct('request', {
        builtAt: mongoose.trusted({ $gte: started }),
      });
      await stints.swap();
      const months = new Map<string, Row>();
      for (const row of days.values()) {
        const key = `${row.agency}_${row.period.slice(0, 7)}`;
        const month = months.get(key) ?? {
          ...row,
          period: row.period.slice(0, 7),
          counts: emptyEventCounts(),
        };
        addEventCounts(month.counts, row.counts);
        months.set(key, month);
      }
      const doc = (id: string, row: Row) => ({
        _id: id,
        agency: row.agency,
        jurisdiction: row.jurisdiction,
        counts: storedEventCounts(row.counts),
        builtAt: now,
      });
      await replaceCollection(
        asModel(EventRollupModel),
        [...days].map(([id, row]) => ({ ...doc(id, row), day: row.period })),
      );
      await replaceCollection(
        asModel(EventMonthRollupModel),
        [...months].map(([id, row]) => ({ ...doc(id, row), month: row.period })),
      );
      const touched = new Map<string, AgencyDay>();
      for (const request of changed)
        for (const day of await refreshStints(calendars, request, new Date()))
          touched.set(`${day.agency}_${day.day}`, day);
      for (const day of touched.values())
        await rebuildEventDay(day.agency, day.jurisdiction, day.day, new Date());
      return { stints: count, eventRollups: days.size };
    },
  };
}
