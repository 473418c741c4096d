import type { JurisdictionCalendars } from '../jurisdictions/jurisdiction-calendars.ts';
import { addDays, daysBetween, instantAt, wallClock } from '../time/local-date.ts';
import { figureFilter, type DrillFigure } from './figure-filters.ts';
import { workingDaysBetween, type RequestFigures } from '../requests/request-figures.ts';
import { FIGURE_FIELDS, figuresOfStored, type FigureSource } from './stored-figures.ts';
import { overdueRequestsOf, requestsReceivedIn } from '../requests/request-reads.ts';

/**
 * A request as the auditors' lists and exports show it: public metadata only.
 * The requester never appears; a public request's subject is its published,
 * redacted one (⟦kind⟧ markers), also when it was taken down (and marked so);
 * a private request's subject is withheld.
 */
export interface ListedRequest {
  ref: string;
  agency: string;
  visibility: string;
  subject: string | null;
  takenDown: boolean;
  status: string;
  receivedOn: string;
  dueOn: string;
  answeredOn: string | null;
  outcome: string | null;
  daysToAnswer: number | null;
  answeredOnTime: boolean | null;
  /** Calendar and working days past the due date, for an overdue request; else null. */
  daysOverdue: number | null;
  workingDaysOverdue: number | null;
}

const LISTED_FIELDS = {
  ...FIGURE_FIELDS,
  ref: 1,
  'publicText.subject': 1,
  'publication.hiddenAt': 1,
} as const;
type Source = FigureSource & {
  ref: string;
  publicText?: { subject?: string | null } | null;
  publication?: { hiddenAt?: Date | null } | null;
};

function listed(
  calendars: JurisdictionCalendars,
  request: Source,
  now: Date,
):
  | { row: ListedRequest; figures: NonNullable<ReturnType<typeof figuresOfStored>>['figures'] }
  | undefined {
  const found = figuresOfStored(calendars, request, now);
  if (!found) return undefined;
  const zone = found.jurisdiction.timeZone;
  const day = (at: Date) => wallClock(at, zone).date;
  const today = day(now);
  const dueOn = day(request.dueAt);
  const overdue = found.figures.overdueNow;
  return {
    figures: found.figures,
    row: {
      ref: request.ref,
      agency: request.agency,
      visibility: request.visibility,
      subject: request.visibility === 'public' ? (request.publicText?.subject ?? null) : null,
      takenDown: Boolean(request.publication?.hiddenAt),
      status: request.status,
      receivedOn: day(request.receivedAt),
      dueOn,
      answeredOn: found.figures.answered && request.answeredAt ? day(request.answeredAt) : null,
      outcome: found.figures.outcome,
      daysToAnswer: found.figures.daysToAnswer,
      answeredOnTime: found.figures.answeredOnTime,
      daysOverdue: overdue ? daysBetween(dueOn, today) : null,
      workingDaysOverdue: overdue ? workingDaysBetween(found.calendar, dueOn, today) : null,
    },
  };
}

/** Streams the requests read, listed, keeping those whose figures `keep` accepts. */
async function* listedFrom(
  calendars: JurisdictionCalendars,
  requests: AsyncIterable<Source>,
  keep: (figures: RequestFigures) => boolean,
  now: Date,
): AsyncGenerator<ListedRequest> {
  for await (const request of requests) {
    // A portal's test submission is behind no figure.
    if (request.test) continue;
    const found = listed(calendars, request, now);
    if (found && keep(found.figures)) yield found.row;
  }
}

/**
 * The requests behind one figure of a jurisdiction (or one agency) over days
 * of receipt `from`–`to`, oldest first, streamed from a cursor and tested with
 * the same figures the statistics count.
 */
export async function* requestsBehind(
  calendars: JurisdictionCalendars,
  query: {
    jurisdiction: string;
    agency?: string;
    from: string;
    to: string;
    figure: DrillFigure;
    article?: string;
  },
  now: Date,
): AsyncGenerator<ListedRequest> {
  const zone = calendars.get(query.jurisdiction)?.jurisdiction.timeZone;
  if (!zone) return;
  yield* listedFrom(
    calendars,
    requestsReceivedIn(
      query,
      instantAt(query.from, 0, zone),
      instantAt(addDays(query.to, 1), 0, zone),
      LISTED_FIELDS,
    ),
    figureFilter(query.figure, query.article),
    now,
  );
}

/** The open requests of a jurisdiction past their due date, most days overdue first. */
export async function* overdueRequests(
  calendars: JurisdictionCalendars,
  jurisdiction: string,
  now: Date,
): AsyncGenerator<ListedRequest> {
  yield* listedFrom(
    calendars,
    overdueRequestsOf(jurisdiction, now, LISTED_FIELDS),
    (figures) => figures.overdueNow,
    now,
  );
}

/** One page (`size` rows after `skip`) of a streamed list, and whether more follow. */
export async function pageOf<T>(
  rows: AsyncGenerator<T>,
  skip: number,
  size: number,
): Promise<{ items: T[]; more: boolean }> {
  const items: T[] = [];
  let index = 0;
  for await (const row of rows) {
    if (index >= skip + size) {
      await rows.return(undefined);
      return { items, more: true };
    }
    if (index >= skip) items.push(row);
    index += 1;
  }
  return { items, more: false };
}
