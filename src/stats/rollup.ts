import { addFigures, emptyCounts, mergeCounts, type FigureCounts } from './figure-totals.ts';
import type { RequestFigures } from '../requests/request-figures.ts';

/**
 * The rollup of one agency-day of receipt (DESIGN §8): the counts of its requests
 * without the figures that change with the clock, plus the local due days of
 * those still open with the clock running, from which "overdue now" and
 * "deemed refused now" are derived at query time. Rebuilt whole (recompute and
 * `$set`, never `$inc`), so rebuilding it again changes nothing.
 */
export interface Rollup {
  counts: FigureCounts;
  /** Open requests with the clock running, by local due day. */
  openDue: Record<string, number>;
  /** The same, where the law makes silence a refusal. */
  openDueSilent: Record<string, number>;
  /** Refusals by exemption article of public requests only (what visitors see). */
  publicRefusals: Record<string, number>;
}

/** One request as a rollup reads it. */
export interface RollupItem {
  figures: RequestFigures;
  /** The local due day while the clock runs, else null. */
  openDueDay: string | null;
  silenceIsRefusal: boolean;
  /** A public request (its refusal grounds may be shown to visitors). */
  public: boolean;
}

export function emptyRollup(): Rollup {
  return { counts: emptyCounts(), openDue: {}, openDueSilent: {}, publicRefusals: {} };
}

const bump = (record: Record<string, number>, key: string) => {
  record[key] = (record[key] ?? 0) + 1;
};

/** Adds one request to a rollup (in place), so a rebuild never holds the requests themselves. */
export function addToRollup(rollup: Rollup, item: RollupItem): Rollup {
  const { figures, openDueDay, silenceIsRefusal } = item;
  // Time-dependent figures are left out here and derived from the due days.
  addFigures(rollup.counts, { ...figures, overdueNow: false, deemedRefused: false });
  if (openDueDay !== null) {
    bump(rollup.openDue, openDueDay);
    if (silenceIsRefusal) bump(rollup.openDueSilent, openDueDay);
  }
  if (item.public)
    for (const article of new Set(figures.refusalArticles)) bump(rollup.publicRefusals, article);
  return rollup;
}

const addInto = (into: Record<string, number>, from: Readonly<Record<string, number>>) => {
  for (const [key, value] of Object.entries(from)) into[key] = (into[key] ?? 0) + value;
};

/** The sum of rollups (the days of a month): rollups add up, open due days included. */
export function sumRollups(rollups: readonly Rollup[]): Rollup {
  const sum = emptyRollup();
  for (const rollup of rollups) {
    sum.counts = mergeCounts(sum.counts, rollup.counts);
    addInto(sum.openDue, rollup.openDue);
    addInto(sum.openDueSilent, rollup.openDueSilent);
    addInto(sum.publicRefusals, rollup.publicRefusals);
  }
  return sum;
}

export function buildRollup(items: readonly RollupItem[]): Rollup {
  return items.reduce(addToRollup, emptyRollup());
}

/** Who reads the figures: auditors (and admins) see every exemption; the public, those of public requests. */
export type Audience = 'auditor' | 'public';

const before = (days: Readonly<Record<string, number>>, today: string) =>
  Object.entries(days).reduce((sum, [day, n]) => (day < today ? sum + n : sum), 0);

/**
 * The counts of several rollups as of `today` (the jurisdiction's local date):
 * summed, with "overdue now" and "deemed refused now" from the open due days
 * before today (a due date ends with its local day).
 */
export function countsAsOf(
  rollups: readonly Rollup[],
  today: string,
  audience: Audience = 'auditor',
): FigureCounts {
  let total = emptyCounts();
  for (const rollup of rollups) {
    const counts = mergeCounts(emptyCounts(), rollup.counts);
    counts.overdueNow = before(rollup.openDue, today);
    counts.deemedRefusals = before(rollup.openDueSilent, today);
    if (audience === 'public') counts.refusalsByExemption = { ...rollup.publicRefusals };
    total = mergeCounts(total, counts);
  }
  return total;
}
