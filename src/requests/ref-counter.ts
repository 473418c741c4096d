import mongoose, { Schema } from 'mongoose';
import { isDuplicateKeyError } from '../platform/db-errors.ts';

/** One counter per jurisdiction and year: `_id` is `JO-2026`. */
const counterSchema = new Schema(
  { _id: { type: String, required: true }, seq: { type: Number, required: true } },
  { collection: 'counters', strict: 'throw', versionKey: false },
);
export const CounterModel = mongoose.model('Counter', counterSchema);

/** `JO-2026-000123`: six digits at least, more when a year passes a million. */
export function formatRef(jurisdiction: string, year: number, seq: number): string {
  return `${jurisdiction}-${year}-${String(seq).padStart(6, '0')}`;
}

/**
 * The next human reference of a jurisdiction-year (DESIGN §2): one atomic
 * `$inc` of its counter. Refs are unique and increase within a
 * jurisdiction-year; a number taken by a filing that then fails is not given
 * again, so gaps are possible, duplicates never (the requests' unique `ref`
 * index guards that too).
 *
 * The counter is created on first use by an insert (a racing second insert
 * gets a duplicate key and goes on), not by an upsert of the `$inc`: on
 * FerretDB 2.7 with DocumentDB 0.107, concurrent upserts of a missing document
 * all report success while only one is kept (measured: 50 concurrent upserting
 * `$inc`s of a new counter left it at 1 to 49;
 * test/integration/ref-counter.test.ts "creates a new counter exactly under
 * concurrent first use"). On MongoDB the extra insert happens once per
 * jurisdiction-year and costs nothing after.
 */
export async function nextRef(jurisdiction: string, year: number): Promise<string> {
  const id = `${jurisdiction}-${year}`;
  for (;;) {
    const counter = await CounterModel.findOneAndUpdate(
      { _id: id },
      { $inc: { seq: 1 } },
      { returnDocument: 'after', lean: true },
    );
    if (counter) return formatRef(jurisdiction, year, counter.seq);
    await CounterModel.create({ _id: id, seq: 0 }).catch((error: unknown) => {
      if (!isDuplicateKeyError(error)) throw error;
    });
  }
}
