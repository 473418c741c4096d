import { t, type Locale, label } from '../../i18n/i18n.ts';
import { daysFromToday } from '../../i18n/number-format.ts';
import type { inboxCounts, InboxQuery } from '../../requests/request-inbox.ts';
import { daysBetween, wallClock } from '../../time/local-date.ts';
import { clockRuns, isOverdue } from '../../requests/request-lifecycle.ts';
import type { RequestStatus } from '../../requests/request-states.ts';

/** The counts behind the inbox's filters. */
export type InboxCounts = Awaited<ReturnType<typeof inboxCounts>>;

export interface InboxLine {
  ref: string;
  subject: string;
  status: RequestStatus;
  jurisdiction: string;
  receivedAt: Date;
  dueAt: Date;
  assignee?: unknown;
  requester?: { name?: string | null } | null;
  appeal?: { dueAt?: Date | null } | null;
}

/**
 * How far the due date is, in the reader's words and grammar ("in 3 days",
 * "خلال 11 يومًا", "yesterday"), counted in local days of the jurisdiction;
 * null when the clock does not run (answered, paused, closed).
 */
export function dueInWords(
  locale: Locale,
  status: RequestStatus,
  dueAt: Date,
  now: Date,
  timeZone: string,
): string | null {
  return clockRuns(status) ? daysLeftWords(locale, dueAt, now, timeZone) : null;
}

/** How far `dueAt` is from `now` in local days of `timeZone`, in the reader's words. */
function daysLeftWords(locale: Locale, dueAt: Date, now: Date, timeZone: string): string {
  return daysFromToday(
    locale,
    daysBetween(wallClock(now, timeZone).date, wallClock(dueAt, timeZone).date),
  );
}

type Filter = Partial<Pick<InboxQuery, 'status' | 'due' | 'assignee' | 'show' | 'cursor' | 'all'>>;

/** The inbox's link for a filter (and page): only the set parameters, in a stable order. */
export function inboxHref(query: Filter): string {
  const params = new URLSearchParams(
    Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  return `/requests${params.size ? `?${params.toString()}` : ''}`;
}

/**
 * Where a staff member lands when they ask for no view: an appeal body's staff on the
 * appeals waiting for their decision, everyone else on their open requests. Pure.
 */
export function inboxLanding(
  query: InboxQuery,
  staff: { agency?: string | null } | null,
  appealBodies: ReadonlySet<string>,
): InboxQuery {
  if (!staff || query.status || query.due || query.assignee || query.show || query.cursor)
    return query;
  return { ...query, show: staff.agency && appealBodies.has(staff.agency) ? 'appeals' : 'open' };
}

/**
 * The filters an inbox offers: every status that waits on the agency, due
 * dates, and for staff, assignment, the appeals they decide (when there are
 * any) and everything, finished requests too. Staff land on their open requests, or an
 * appeal body's on the appeals it decides (inboxLanding).
 */
function filtersFor(staff: boolean, counts: InboxCounts, current: Filter) {
  const filters: { key: string; query: Filter; count: number | null }[] = [
    { key: staff ? 'open' : 'yours', query: staff ? { show: 'open' } : {}, count: null },
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
      ...(counts.appeals > 0 || current.show === 'appeals'
        ? [{ key: 'appeals', query: { show: 'appeals' as const }, count: counts.appeals }]
        : []),
      { key: 'all', query: { show: 'all' }, count: null },
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
  zoneOf: (jurisdiction: string) => string;
  /** Writes a text's digits as a page about `jurisdiction` wants them. */
  digits: (text: string, jurisdiction: string) => string;
  /** Every line's box ticked (the "select all" link; no JavaScript needed). */
  allSelected?: boolean;
  /** The lines ticked before a bulk action came back with a problem. */
  selected?: readonly string[];
}

/** A line's due date: the appeal body's while an appeal waits, else the agency's. */
function dueOf(input: InboxPageInput, item: InboxLine) {
  const zone = input.zoneOf(item.jurisdiction);
  const appealDue = item.status === 'appealed' ? item.appeal?.dueAt : null;
  const dueAt = appealDue ?? item.dueAt;
  const written = (text: string | null) =>
    text === null ? null : input.digits(text, item.jurisdiction);
  return {
    due: input.when(dueAt, item.jurisdiction),
    dueAt: dueAt.toISOString(),
    dueIn: written(
      appealDue
        ? daysLeftWords(input.locale, appealDue, input.now, zone)
        : dueInWords(input.locale, item.status, item.dueAt, input.now, zone),
    ),
  };
}

/** The inbox page's view model. Pure. */
export function inboxView(input: InboxPageInput) {
  const { locale, query, now } = input;
  const current: Filter = {
    status: query.status,
    due: query.due,
    assignee: query.assignee,
    show: query.show,
  };
  const isCurrent = (filter: Filter) =>
    filter.status === current.status &&
    filter.due === current.due &&
    filter.assignee === current.assignee &&
    filter.show === current.show;
  return {
    title: input.staff ? 'inbox.agencyTitle' : 'inbox.ownTitle',
    officer: input.staff,
    // A citizen's dashboard says first what waits on them: the agencies' questions.
    replyBanner:
      !input.staff &&
      input.counts.awaitingClarification > 0 &&
      query.status !== 'awaiting_clarification'
        ? {
            text: t(locale, 'inbox.replyBanner', { count: input.counts.awaitingClarification }),
            href: inboxHref({ status: 'awaiting_clarification' }),
          }
        : null,
    // Bulk actions are the handling agency's; an appeal body only decides, one by one.
    bulk: input.staff && query.show !== 'appeals',
    filters: filtersFor(input.staff, input.counts, current).map((f) => ({
      label: t(locale, `inbox.filter.${f.key}`),
      href: inboxHref(f.query),
      count: f.count,
      current: isCurrent(f.query),
    })),
    items: input.items.map((item) => ({
      ref: item.ref,
      subject: item.subject,
      status: label(locale, 'status', item.status),
      // The citizen is the one to act: the agency asked a question.
      replyNeeded: !input.staff && item.status === 'awaiting_clarification',
      requester: input.staff ? (item.requester?.name ?? '') : null,
      received: input.when(item.receivedAt, item.jurisdiction),
      receivedAt: item.receivedAt.toISOString(),
      ...dueOf(input, item),
      overdue: isOverdue(item, now),
      assigned: item.assignee != null,
      checked: input.allSelected === true || (input.selected?.includes(item.ref) ?? false),
    })),
    selectAllHref:
      input.staff && input.items.length > 1 ? `${inboxHref({ ...current, all: '1' })}#bulk` : null,
    next: input.next ? inboxHref({ ...current, cursor: input.next }) : null,
  };
}
