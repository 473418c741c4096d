import { addEventCounts, addStintOn, emptyEventCounts, type EventCounts } from './event-counts.ts';
import {
  EventMonthRollupModel,
  EventRollupModel,
  eventCountsOfStored,
  storedEventCounts,
} from './event-rollup-model.ts';
import { rollupsInRange, type RollupScope } from './rollup-range.ts';
import { daysOf } from './rollup-store.ts';
import {
  rebuildMonthOfDays,
  rebuildUntilSteady,
  replaceDerived,
  type RebuildHooks,
} from './steady-rebuild.ts';
import { STINT_DAYS, StintModel } from './stint-model.ts';
import type { Stint } from './request-stints.ts';

/** The stints of an agency with an event on `day`: one indexed read per day field, each stint once. */
async function stintsOn(agency: string, day: string) {
  const found = await Promise.all(
    STINT_DAYS.map((field) =>
      StintModel.find({ agency, [field]: day }, { request: 0 }).lean<
        (Stint & { _id: string; builtAt: Date })[]
      >(),
    ),
  );
  return [...new Map(found.flat().map((stint) => [stint._id, stint])).values()];
}

const builtOf = (stints: readonly { _id: string; builtAt: Date }[]) =>
  stints
    .map((s) => `${s._id}:${String(s.builtAt.getTime())}`)
    .sort()
    .join(',');

/**
 * Rebuilds the event rollup of one agency-day from its stints, then its month
 * from its days: recomputed and `$set` whole (idempotent), deleted when
 * nothing happened; each write checked against a second read of its sources.
 */
export async function rebuildEventDay(
  agency: string,
  jurisdiction: string,
  day: string,
  now: Date,
  hooks: RebuildHooks = {},
): Promise<void> {
  await rebuildUntilSteady(
    () => stintsOn(agency, day),
    (stints) =>
      replaceDerived(
        EventRollupModel,
        `${agency}_${day}`,
        stints.length === 0
          ? null
          : {
              agency,
              jurisdiction,
              day,
              counts: storedEventCounts(countsOn(stints, day)),
              builtAt: now,
            },
      ),
    builtOf,
    hooks,
  );
  const month = day.slice(0, 7);
  await rebuildMonthOfDays(
    () =>
      EventRollupModel.find({ agency, day: daysOf(month) }, { builtAt: 0 })
        .sort({ day: 1 })
        .lean(),
    { model: EventMonthRollupModel, id: `${agency}_${month}` },
    (days) => ({
      agency,
      jurisdiction,
      month,
      counts: storedEventCounts(sumOf(days.map((d) => eventCountsOfStored(d.counts)))),
      builtAt: now,
    }),
    hooks,
  );
}

/** What some stints did on `day`. */
function countsOn(stints: readonly Stint[], day: string): EventCounts {
  return stints.reduce((counts, stint) => addStintOn(counts, stint, day), emptyEventCounts());
}

function sumOf(counts: readonly EventCounts[]): EventCounts {
  return counts.reduce(addEventCounts, emptyEventCounts());
}

/** A stored event rollup as a range read returns it. */
type StoredRow = { agency: string; jurisdiction: string; counts: unknown };

/** One agency's event counts over a range. */
export interface EventRow {
  agency: string;
  jurisdiction: string;
  counts: EventCounts;
}

/**
 * What the record before a report's periods is read for: what was pending,
 * late and waiting on appeal at their start, and the days what is pending
 * came on; not the answer times nor the articles (a third of each document).
 */
export const BALANCES_ONLY = Object.fromEntries(
  [
    'received',
    'processed',
    'lateStarted',
    'lateEnded',
    'silentStarted',
    'silentEnded',
    'appeals',
    'insByDay',
    'outsByInDay',
  ].map((field) => [`counts.${field}`, 1]),
) as Record<string, 1>;

/**
 * Each agency's event counts over days `from`–`to` (summed), from its months
 * and edge days; `fields` (BALANCES_ONLY) reads part of the counts.
 */
export async function eventRows(
  scope: RollupScope,
  from: string,
  to: string,
  fields: Record<string, 1> = {},
): Promise<EventRow[]> {
  const projection =
    Object.keys(fields).length > 0 ? { agency: 1, jurisdiction: 1, ...fields } : { builtAt: 0 };
  const { months, days } = await rollupsInRange(
    {
      days: (filter) => EventRollupModel.find(filter, projection).lean<StoredRow[]>(),
      months: (filter) => EventMonthRollupModel.find(filter, projection).lean<StoredRow[]>(),
    },
    scope,
    from,
    to,
  );
  const rows = new Map<string, EventRow>();
  for (const doc of [...months, ...days]) {
    const row = rows.get(doc.agency) ?? {
      agency: doc.agency,
      jurisdiction: doc.jurisdiction,
      counts: emptyEventCounts(),
    };
    addEventCounts(row.counts, eventCountsOfStored(doc.counts));
    rows.set(doc.agency, row);
  }
  return [...rows.values()];
}
