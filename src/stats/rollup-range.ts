import mongoose from 'mongoose';
import { rangeParts } from './stats-report.ts';

/** Whose rollups a read covers: one agency, some agencies, or some jurisdictions. */
export type RollupScope =
  { agency: string } | { agencies: readonly string[] } | { jurisdictions: readonly string[] };

/** The filter of a scope (each served by the `{agency, …}` or `{jurisdiction, …}` index). */
function scopeFilter(scope: RollupScope): Record<string, unknown> {
  if ('agency' in scope) return { agency: scope.agency };
  if ('agencies' in scope) return { agency: mongoose.trusted({ $in: [...scope.agencies] }) };
  return { jurisdiction: mongoose.trusted({ $in: [...scope.jurisdictions] }) };
}

/** How a kind of rollup is read: its day rollups and its monthly sums, by filter. */
export interface RollupReaders<D, M> {
  days: (filter: Record<string, unknown>) => Promise<D[]>;
  months: (filter: Record<string, unknown>) => Promise<M[]>;
}

/**
 * The rollups over days `from`–`to` of a scope, never the requests: the
 * range's whole months from the monthly sums and its edge days from the day
 * rollups (`rangeParts`), each an indexed range read by scope and period.
 */
export async function rollupsInRange<D, M>(
  read: RollupReaders<D, M>,
  scope: RollupScope,
  from: string,
  to: string,
): Promise<{ months: M[]; days: D[] }> {
  const filter = scopeFilter(scope);
  const parts = rangeParts(from, to);
  const range = (run: { from: string; to: string }) =>
    mongoose.trusted({ $gte: run.from, $lte: run.to });
  const [months, ...days] = await Promise.all([
    parts.months ? read.months({ ...filter, month: range(parts.months) }) : [],
    ...parts.days.map((run) => read.days({ ...filter, day: range(run) })),
  ]);
  return { months, days: days.flat() };
}
