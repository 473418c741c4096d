import mongoose, { Types, type PipelineStage } from 'mongoose';
import { z } from 'zod';
import type { SessionUser } from '../users/user-store.ts';
import { OPEN_STATUSES, REQUEST_STATUSES } from './request-states.ts';
import { countFacets, countRequests, inboxRequests } from './request-reads.ts';

export const inboxQuery = z.object({
  status: z.enum(REQUEST_STATUSES, 'validation.oneOf').optional(),
  due: z.enum(['soon', 'overdue'], 'validation.oneOf').optional(),
  assignee: z.enum(['me', 'none'], 'validation.oneOf').optional(),
  cursor: z
    .string()
    .regex(/^\d{13}_[0-9a-f]{24}$/, 'validation.oneOf')
    .optional(),
  limit: z.coerce.number().int().min(1).max(100, 'validation.oneOf').default(25),
  /**
   * Staff see their `open` requests (the default) unless they ask for `all` (finished ones
   * too) or for the `appeals` their agency decides as an appeal body.
   */
  show: z.enum(['open', 'all', 'appeals'], 'validation.oneOf').optional(),
  /** The page's lines all ticked for a bulk action (the no-JavaScript "select all"). */
  all: z.literal('1', 'validation.oneOf').optional(),
});
export type InboxQuery = z.infer<typeof inboxQuery>;

/** "Due soon": the due date falls within this many days. */
const DUE_SOON_MS = 3 * 86_400_000;

/**
 * The requests a user works on: an officer's (or agency admin's) agency, or a
 * citizen's own. Every filter keeps to fields of the inbox indexes
 * (`agency, status, dueAt` and `requester.user, receivedAt`), sorted by due date
 * with a keyset cursor (no skip), so MongoDB never scans.
 */
const isStaff = (user: SessionUser) =>
  (user.roles.includes('officer') || user.roles.includes('agency_admin')) && Boolean(user.agency);

function scope(user: SessionUser, show: InboxQuery['show']): Record<string, unknown> | undefined {
  if (isStaff(user))
    // The appeals an agency decides as an appeal body are other agencies' requests.
    return show === 'appeals'
      ? { 'appeal.body': user.agency, status: 'appealed' }
      : { agency: user.agency };
  if (user.roles.includes('citizen')) return { 'requester.user': new Types.ObjectId(user.id) };
  return undefined;
}

/** The filter of one inbox view (undefined: the user has no inbox); benchmarks time it raw. */
export function inboxFilter(
  user: SessionUser,
  query: Omit<InboxQuery, 'cursor' | 'limit'>,
  now: Date,
): Record<string, unknown> | undefined {
  const base = scope(user, query.show);
  if (!base) return undefined;
  const filter: Record<string, unknown> = { ...base };
  if (query.show === 'appeals' && isStaff(user)) return filter;
  // The clock runs in these statuses only (a clarification pauses it, DESIGN §3).
  const running = OPEN_STATUSES.filter((status) => status !== 'awaiting_clarification');
  if (query.status) filter.status = query.status;
  else if (query.due) filter.status = mongoose.trusted({ $in: running });
  else if (query.assignee) filter.status = mongoose.trusted({ $in: OPEN_STATUSES });
  // Staff work from their open requests; a citizen's page lists all of theirs.
  else if (isStaff(user) && query.show !== 'all')
    filter.status = mongoose.trusted({ $in: OPEN_STATUSES });
  if (query.due === 'overdue') filter.dueAt = mongoose.trusted({ $lt: now });
  if (query.due === 'soon')
    filter.dueAt = mongoose.trusted({ $gte: now, $lte: new Date(now.getTime() + DUE_SOON_MS) });
  if (query.assignee === 'me' && Types.ObjectId.isValid(user.id))
    filter.assignee = new Types.ObjectId(user.id);
  if (query.assignee === 'none') filter.assignee = null;
  return filter;
}

/** What an inbox line shows of a request. */
export const INBOX_FIELDS = {
  ref: 1,
  jurisdiction: 1,
  subject: 1,
  status: 1,
  dueAt: 1,
  agency: 1,
  assignee: 1,
  visibility: 1,
  receivedAt: 1,
  'requester.name': 1,
  'appeal.dueAt': 1,
} as const;

/** One page of the inbox, by due date, and the cursor of the next page. */
export async function inboxPage(user: SessionUser, query: InboxQuery, now: Date) {
  const filter = inboxFilter(user, query, now);
  if (!filter) return { items: [], next: null };
  if (query.cursor) {
    const [ms = '0', id = ''] = query.cursor.split('_');
    const at = new Date(Number(ms));
    // Keyset pagination: after the last (dueAt, _id) seen. Our own operators are marked trusted.
    filter.$or = [
      { dueAt: mongoose.trusted({ $gt: at }) },
      { dueAt: at, _id: mongoose.trusted({ $gt: new Types.ObjectId(id) }) },
    ];
  }
  const items = await inboxRequests(filter, INBOX_FIELDS, query.limit + 1);
  const page = items.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page,
    next:
      items.length > query.limit && last ? `${last.dueAt.getTime()}_${last._id.toString()}` : null,
  };
}

/** The inbox's filters whose requests are counted, by the name the counts carry. */
const COUNTED = {
  submitted: { status: 'submitted' },
  acknowledged: { status: 'acknowledged' },
  awaitingClarification: { status: 'awaiting_clarification' },
  dueSoon: { due: 'soon' },
  overdue: { due: 'overdue' },
  mine: { assignee: 'me' },
  unassigned: { assignee: 'none' },
  appeals: { show: 'appeals' },
} as const satisfies Record<string, Omit<InboxQuery, 'cursor' | 'limit'>>;
type InboxCountsOf = Record<keyof typeof COUNTED, number>;

/**
 * How many requests each inbox filter holds. Staff count each filter apart,
 * through its index (an agency may hold many open requests); a citizen's own
 * requests are one short index range, read once and counted in one `$facet`.
 */
export async function inboxCounts(user: SessionUser, now: Date): Promise<InboxCountsOf> {
  const names = Object.keys(COUNTED) as (keyof typeof COUNTED)[];
  if (isStaff(user)) {
    const counts = await Promise.all(
      names.map((name) => {
        const filter = inboxFilter(user, COUNTED[name], now);
        return filter ? countRequests(filter) : Promise.resolve(0);
      }),
    );
    return Object.fromEntries(names.map((name, i) => [name, counts[i] ?? 0])) as InboxCountsOf;
  }
  const own = inboxFilter(user, {}, now);
  const facets: Record<string, PipelineStage.FacetPipelineStage[]> = {};
  for (const name of names) {
    const filter = name === 'appeals' ? undefined : inboxFilter(user, COUNTED[name], now);
    if (filter) facets[name] = [{ $match: filter }, { $count: 'n' }];
  }
  const row = own ? await countFacets(own, facets) : undefined;
  return Object.fromEntries(names.map((name) => [name, row?.[name]?.[0]?.n ?? 0])) as InboxCountsOf;
}
