import { t, type Locale } from '../i18n/i18n.ts';
import type { inboxCounts, InboxQuery } from './request-inbox.ts';
import { isOverdue } from './request-lifecycle.ts';
import type { RequestStatus } from './request-model.ts';
import { label } from './request-page-format.ts';

/** The counts behind the inbox's filters. */
export type InboxCounts = Awaited<ReturnType<typeof inboxCounts>>;

export interface InboxLine {
  ref: string;
  subject: string;
  status: RequestStatus;
  jurisdiction: string;
  dueAt: Date;
  assignee?: unknown;
}

type Filter = Partial<Pick<InboxQuery, 'status' | 'due' | 'assignee' | 'cursor'>>;

/** The inbox's link for a filter (and page): only the set parameters, in a stable order. */
export function inboxHref(query: Filter): string {
  const params = new URLSearchParams(
    Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  return `/requests${params.size ? `?${params.toString()}` : ''}`;
}

/** The filters an inbox offers: every status that waits on the agency, due dates, and for staff, assignment. */
function filtersFor(staff: boolean, counts: InboxCounts) {
  const filters: { key: string; query: Filter; count: number | null }[] = [
    { key: 'all', query: {}, count: null },
    { key: 'submitted', query: { status: 'submitted' }, count: counts.submitted },
    { key: 'acknowledged', query: { status: 'acknowledged' }, count: counts.acknowledged },
    {
      key: 'awaiting_clarification',
      query: { status: 'awaiting_clarification' },
      count: counts.awaitingClarification,
    },
    { key: 'dueSoon', query: { due: 'soon' }, count: counts.dueSoon },
    { key: 'overdue', query: { due: 'overdue' }, count: counts.overdue },
  ];
  if (staff)
    filters.push(
      { key: 'mine', query: { assignee: 'me' }, count: counts.mine },
      { key: 'unassigned', query: { assignee: 'none' }, count: counts.unassigned },
    );
  return filters;
}

export interface InboxPageInput {
  locale: Locale;
  /** An officer or agency admin (their agency's inbox), not a citizen (their own requests). */
  staff: boolean;
  query: InboxQuery;
  items: readonly InboxLine[];
  next: string | null;
  counts: InboxCounts;
  now: Date;
  when: (at: Date, jurisdiction: string) => string;
}

/** The inbox page's view model. Pure. */
export function inboxView(input: InboxPageInput) {
  const { locale, query, now } = input;
  const current: Filter = { status: query.status, due: query.due, assignee: query.assignee };
  const isCurrent = (filter: Filter) =>
    filter.status === current.status &&
    filter.due === current.due &&
    filter.assignee === current.assignee;
  return {
    title: input.staff ? 'inbox.agencyTitle' : 'inbox.ownTitle',
    officer: input.staff,
    filters: filtersFor(input.staff, input.counts).map((f) => ({
      label: t(locale, `inbox.filter.${f.key}`),
      href: inboxHref(f.query),
      count: f.count,
      current: isCurrent(f.query),
    })),
    items: input.items.map((item) => ({
      ref: item.ref,
      subject: item.subject,
      status: label(locale, 'status', item.status),
      due: input.when(item.dueAt, item.jurisdiction),
      dueAt: item.dueAt.toISOString(),
      overdue: isOverdue(item, now),
      assigned: item.assignee != null,
    })),
    next: input.next ? inboxHref({ ...current, cursor: input.next }) : null,
  };
}
