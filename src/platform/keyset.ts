import mongoose from 'mongoose';
import { z } from 'zod';
import { BadRequestError } from '../errors.ts';

/**
 * Keyset pagination for the API's lists (pure but for the filter it builds):
 * a page is `limit` items in a fixed order ending with `_id`, and `next` is an
 * opaque cursor holding the last item's sort values. The next page is what
 * sorts after it, so an item added or removed meanwhile never shifts a page.
 */

/** `?cursor=&limit=` of a list. */
export const pageQuery = z.object({
  cursor: z.string().max(1_000, 'validation.oneOf').optional(),
  limit: z.coerce
    .number()
    .int()
    .min(1, 'validation.oneOf')
    .max(200, 'validation.oneOf')
    .default(50),
});

export type Page = { cursor?: string | undefined; limit: number };

export type SortKeys = readonly (readonly [field: string, direction: 1 | -1])[];

/** The order of a list of things made over time: the newest first. */
export const NEWEST_FIRST: SortKeys = [
  ['createdAt', -1],
  ['_id', -1],
];

type Value = string | number | boolean | null;
type Stored = Value | { d: string } | { o: string };

const get = (item: Record<string, unknown>, field: string): unknown =>
  field
    .split('.')
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | null)?.[key], item);

/** The cursor after `item`: its sort values (dates and ids kept as such). */
function cursorAfter(item: Record<string, unknown>, sort: SortKeys): string {
  const values: Stored[] = sort.map(([field]) => {
    const value = get(item, field);
    if (value instanceof Date) return { d: value.toISOString() };
    if (value instanceof mongoose.Types.ObjectId) return { o: value.toString() };
    return (value ?? null) as Value;
  });
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/** The values in a cursor, or undefined for a cursor this list did not give. */
function valuesOf(cursor: string, sort: SortKeys): unknown[] | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(parsed) || parsed.length !== sort.length) return undefined;
    return parsed.map((value: unknown) => {
      if (value && typeof value === 'object' && 'd' in value) {
        const date = new Date(String(value.d));
        if (Number.isNaN(date.getTime())) throw new Error('bad date');
        return date;
      }
      if (value && typeof value === 'object' && 'o' in value)
        return new mongoose.Types.ObjectId(String(value.o));
      if (value !== null && typeof value === 'object') throw new Error('bad value');
      return value;
    });
  } catch {
    return undefined;
  }
}

/**
 * The filter of the items after `cursor` in `sort` order: (a > x) or (a = x
 * and b > y) or …; undefined when the cursor is not one of this list's.
 */
function afterCursorFilter(cursor: string, sort: SortKeys): Record<string, unknown> | undefined {
  const values = valuesOf(cursor, sort);
  if (!values) return undefined;
  const branches = sort.map(([field, direction], i) => ({
    ...Object.fromEntries(sort.slice(0, i).map(([f], j) => [f, values[j]])),
    [field]: mongoose.trusted({ [direction === 1 ? '$gt' : '$lt']: values[i] }),
  }));
  return { $or: branches };
}

/** The mongoose sort object of `sort`. */
export const sortOf = (sort: SortKeys) =>
  Object.fromEntries(sort.map(([field, direction]) => [field, direction])) as Record<
    string,
    1 | -1
  >;

/** One page of a query: `limit` items and the cursor of the next page (null at the end). */
export async function keysetPage<T extends Record<string, unknown>>(
  query: (filter: Record<string, unknown>, limit: number) => Promise<T[]>,
  base: Record<string, unknown>,
  sort: SortKeys,
  page: Page,
): Promise<{ items: T[]; next: string | null }> {
  const after = page.cursor ? afterCursorFilter(page.cursor, sort) : {};
  if (!after)
    throw new BadRequestError('VALIDATION.QUERY', 'error.validation.message', {
      cursor: 'validation.oneOf',
    });
  const filter = Object.keys(after).length > 0 ? { $and: [base, after] } : base;
  const found = await query(filter, page.limit + 1);
  const items = found.slice(0, page.limit);
  const last = items.at(-1);
  return { items, next: found.length > page.limit && last ? cursorAfter(last, sort) : null };
}
