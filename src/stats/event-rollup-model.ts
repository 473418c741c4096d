import mongoose, { Schema } from 'mongoose';
import { eventCountsOf, type EventCounts } from './event-counts.ts';

/**
 * The event rollups (DESIGN §8): what happened at each agency on each local
 * day (`stats_event_rollups`, `_id` `<agency>_<YYYY-MM-DD>`) and in each
 * month (`stats_event_rollups_monthly`, the sum of its days), counted from the
 * stints. A period's report reads its whole months and edge days, and the
 * months before it for what was pending at its start.
 */
const fields = {
  _id: { type: String, required: true },
  agency: { type: String, required: true },
  jurisdiction: { type: String, required: true },
  counts: { type: Schema.Types.Mixed, required: true },
  builtAt: { type: Date, required: true },
} as const;
const options = (collection: string) =>
  ({ collection, strict: 'throw', minimize: false, versionKey: false }) as const;

const daySchema = new Schema(
  { ...fields, day: { type: String, required: true } },
  options('stats_event_rollups'),
);
daySchema.index({ jurisdiction: 1, day: 1 });
daySchema.index({ agency: 1, day: 1 });
export const EventRollupModel = mongoose.model('StatsEventRollup', daySchema);

const monthSchema = new Schema(
  { ...fields, month: { type: String, required: true } },
  options('stats_event_rollups_monthly'),
);
monthSchema.index({ jurisdiction: 1, month: 1 });
monthSchema.index({ agency: 1, month: 1 });
export const EventMonthRollupModel = mongoose.model('StatsEventMonthRollup', monthSchema);

/** Articles contain dots (`Art. 13(c)`), awkward as field names: their tallies are stored as pairs. */
const ARTICLE_TALLIES = [
  'refusals',
  'publicRefusals',
  'appealRefusals',
  'publicAppealRefusals',
] as const;

/** Event counts as stored. */
export function storedEventCounts(counts: EventCounts): Record<string, unknown> {
  const stored: Record<string, unknown> = { ...counts };
  for (const key of ARTICLE_TALLIES) stored[key] = Object.entries(counts[key]);
  return stored;
}

/** Stored event counts back in the pure form. */
export function eventCountsOfStored(stored: unknown): EventCounts {
  const doc = { ...(stored as Record<string, unknown>) };
  for (const key of ARTICLE_TALLIES)
    doc[key] = Object.fromEntries((doc[key] ?? []) as [string, number][]);
  return eventCountsOf(doc);
}
