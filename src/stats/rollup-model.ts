import mongoose, { Schema } from 'mongoose';
import { emptyCounts, type FigureCounts } from './figure-totals.ts';
import type { Rollup } from './rollup.ts';

/**
 * Rollups (DESIGN §8): one document per agency and local day of receipt
 * (`stats_rollups`, `_id` `<agency>_<YYYY-MM-DD>`), and their sum per agency
 * and month (`stats_rollups_monthly`, `_id` `<agency>_<YYYY-MM>`). A year of a
 * country is then some 600 monthly documents and its edge days, not 18,000
 * days (measured: docs/performance.md). Exemption articles contain dots (`Art. 13(c)`),
 * awkward as field names, so they are kept as a list.
 */
const fields = {
  _id: { type: String, required: true },
  agency: { type: String, required: true },
  jurisdiction: { type: String, required: true },
  counts: { type: Schema.Types.Mixed, required: true },
  refusals: { type: [{ article: String, count: Number, _id: false }], default: [] },
  publicRefusals: { type: [{ article: String, count: Number, _id: false }], default: [] },
  openDue: { type: Schema.Types.Mixed, default: {} },
  openDueSilent: { type: Schema.Types.Mixed, default: {} },
  builtAt: { type: Date, required: true },
} as const;
const options = (collection: string) =>
  ({ collection, strict: 'throw', minimize: false, versionKey: false }) as const;

const daySchema = new Schema(
  {
    ...fields,
    /** The local day of receipt, `YYYY-MM-DD`: strings in this form sort as dates. */
    day: { type: String, required: true },
  },
  options('stats_rollups'),
);
daySchema.index({ jurisdiction: 1, day: 1 });
daySchema.index({ agency: 1, day: 1 });
// A full rebuild finds the agency-days the rollup job rebuilt while it ran.
daySchema.index({ builtAt: 1 });
export const RollupModel = mongoose.model('StatsRollup', daySchema);

const monthSchema = new Schema(
  {
    ...fields,
    /** The local month of receipt, `YYYY-MM`. */
    month: { type: String, required: true },
  },
  options('stats_rollups_monthly'),
);
monthSchema.index({ jurisdiction: 1, month: 1 });
monthSchema.index({ agency: 1, month: 1 });
export const MonthRollupModel = mongoose.model('StatsMonthRollup', monthSchema);

const articleList = (record: Readonly<Record<string, number>>) =>
  Object.entries(record).map(([article, count]) => ({ article, count }));
const articleRecord = (
  list: readonly { article?: string | null; count?: number | null }[] | undefined,
) => Object.fromEntries((list ?? []).map((r) => [r.article ?? '', r.count ?? 0]));

/** The stored fields of a rollup (without `_id` and its day or month). */
export function rollupFields(agency: string, jurisdiction: string, rollup: Rollup, now: Date) {
  const { refusalsByExemption, ...counts } = rollup.counts;
  return {
    agency,
    jurisdiction,
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
