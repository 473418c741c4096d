import { effectiveReceipt, pausedDays, type ClockPause } from '../jurisdictions/deadline.ts';
import type { Rules } from '../jurisdictions/jurisdiction-schema.ts';
import type { WorkingCalendar } from '../jurisdictions/working-calendar.ts';
import { workingDaysBetween, type FigureInputs } from '../requests/request-figures.ts';
import { addDays, daysBetween, wallClock } from '../time/local-date.ts';

/**
 * How a request left an agency's hands (the annual report's dispositions):
 * its answer's outcome, a transfer out, a withdrawal, or a closing without
 * an answer, for want of a reply to a request for clarification or otherwise.
 */
export const DISPOSITIONS = [
  'granted',
  'partially_granted',
  'refused',
  'not_held',
  'transferred',
  'withdrawn',
  'closed_no_reply',
  'closed_other',
] as const;
export type Disposition = (typeof DISPOSITIONS)[number];
/** The dispositions that are answers (their response times are counted). */
export const ANSWERS: readonly Disposition[] = [
  'granted',
  'partially_granted',
  'refused',
  'not_held',
];
export const TRACKS = ['normal', 'urgent'] as const;
export type Track = (typeof TRACKS)[number];
export const APPEAL_DECISIONS = ['upheld', 'overturned', 'partially_overturned'] as const;

/** The `outDay` of a request still in the agency's hands: after every real day, so `outDay > t` reads "pending at t". */
export const OPEN_DAY = '9999-12-31';

/**
 * One agency's time with a request (a request transferred once has two):
 * when it came (filed, or transferred in), when and how it left, and the
 * local days of what happened meanwhile. Every report figure counts stints by
 * these days, so the figures of any period follow from them (DESIGN §8).
 */
export interface Stint {
  /** Its place among the request's stints, from 0. */
  n: number;
  agency: string;
  jurisdiction: string;
  /** The local day the agency received it (filing or transfer). */
  inDay: string;
  inKind: 'filed' | 'transfer';
  /** The local day it left the agency's hands; OPEN_DAY while pending. */
  outDay: string;
  disposition: Disposition | null;
  track: Track;
  /** The response time of an answer, in the law's own counting (working or calendar days). */
  days: number | null;
  /** An answer given by the due date in force (lawful extensions included). */
  onTime: boolean | null;
  /** Processed after at least one lawful extension. */
  extended: boolean;
  /** The first local day past its deadline while still pending with this agency, else null. */
  lateDay: string | null;
  /** The law treats silence as refusal: a late stint is a deemed refusal. */
  silent: boolean;
  /** A public request not taken down: its ref and refusal articles may be shown to visitors. */
  public: boolean;
  /** The articles a refusal or partial answer relied on. */
  articles: string[];
  /**
   * The appeal against this agency's answer or silence: filed, decided (OPEN_DAY while it
   * waits), how, in time, on which articles. Null days: no appeal.
   */
  appealDay: string | null;
  decidedDay: string | null;
  decision: string | null;
  decidedInTime: boolean | null;
  appealArticles: string[];
}

/** A stored request as the stints read it. */
export type StintSource = FigureInputs & {
  agency: string;
  jurisdiction: string;
  urgent?: boolean | null;
  closedAt?: Date | null;
  originalDueAt?: Date | null;
  transfers?: readonly { from: string; to: string; at: Date }[];
  visibility?: string;
  publication?: { hiddenAt?: Date | null } | null;
  appeal?:
    | (NonNullable<FigureInputs['appeal']> & {
        filedAt?: Date | null;
        legalGrounds?: readonly string[] | null;
      })
    | null;
};

const finished = (pauses: StintSource['pauses']): ClockPause[] =>
  (pauses ?? []).filter((p): p is ClockPause => p.to instanceof Date);

/**
 * Days from receipt to answer in the law's counting (its response period's
 * unit; working days where it sets none), the days a clarification stopped
 * the clock left out. The working days stored at the answer stand.
 */
function responseDays(
  source: StintSource,
  rules: Rules,
  calendar: WorkingCalendar,
  answeredAt: Date,
): number {
  const unit = rules.response.dayType ?? 'working';
  const stored = source.figures?.daysToAnswer;
  if (unit === 'working' && stored != null) return stored;
  const receipt = effectiveReceipt(source.receivedAt, calendar).effectiveDate;
  const answered = wallClock(answeredAt, calendar.jurisdiction.timeZone).date;
  const counted =
    unit === 'working'
      ? workingDaysBetween(calendar, receipt, answered)
      : daysBetween(receipt, answered);
  const paused = finished(source.pauses).reduce(
    (sum, pause) => sum + pausedDays(calendar, pause, unit),
    0,
  );
  return Math.max(0, counted - paused);
}

/** How and when the last agency let the request go, or null while it is pending. */
function lastExit(source: StintSource): { at: Date; disposition: Disposition } | null {
  const { answeredAt, outcome, status, closedAt } = source;
  if (answeredAt && outcome === 'transferred_out')
    return { at: answeredAt, disposition: 'transferred' };
  if (answeredAt && outcome && (ANSWERS as readonly string[]).includes(outcome))
    return { at: answeredAt, disposition: outcome as Disposition };
  if (status === 'withdrawn' && closedAt) return { at: closedAt, disposition: 'withdrawn' };
  if (status === 'closed' && closedAt) {
    const waiting = source.pauses?.some((pause) => !pause.to) ?? false;
    return { at: closedAt, disposition: waiting ? 'closed_no_reply' : 'closed_other' };
  }
  return null;
}

/**
 * The stints of one request (pure): one per agency that held it, in order.
 * A stint is late from the day after its due date's local day, if it was
 * still pending then: the last with the due date in force, an earlier one
 * (before a transfer) with the first due date. A request waiting for the
 * requester's clarification is not late (its clock is stopped, as for
 * "overdue now"). Appeals belong to the last stint, whose answer or silence
 * they contest.
 */
export function stintsOf(source: StintSource, rules: Rules, calendar: WorkingCalendar): Stint[] {
  const zone = calendar.jurisdiction.timeZone;
  const day = (at: Date) => wallClock(at, zone).date;
  const lateFrom = (due: Date, outDay: string) => {
    const late = addDays(day(due), 1);
    return late <= outDay ? late : null;
  };
  const blank = {
    jurisdiction: source.jurisdiction,
    track: source.urgent ? 'urgent' : 'normal',
    silent: rules.silenceIsRefusal,
    public: source.visibility === 'public' && !source.publication?.hiddenAt,
    days: null,
    onTime: null,
    extended: false,
    articles: [],
    appealDay: null,
    decidedDay: null,
    decision: null,
    decidedInTime: null,
    appealArticles: [],
  } as const;
  const transfers = source.transfers ?? [];
  const stints: Stint[] = [];
  let agency = transfers[0]?.from ?? source.agency;
  let inDay = day(source.receivedAt);
  let inKind: Stint['inKind'] = 'filed';
  // A day never before the stint's first: the balance of a period holds whatever the data.
  const notBefore = (at: Date, first: string) => {
    const d = day(at);
    return d < first ? first : d;
  };
  for (const transfer of transfers) {
    const outDay = notBefore(transfer.at, inDay);
    stints.push({
      ...blank,
      articles: [],
      appealArticles: [],
      n: stints.length,
      agency,
      inDay,
      inKind,
      outDay,
      disposition: 'transferred',
      lateDay: lateFrom(source.originalDueAt ?? source.dueAt, outDay),
    });
    agency = transfer.to;
    inDay = outDay;
    inKind = 'transfer';
  }
  const exit = lastExit(source);
  const outDay = exit ? notBefore(exit.at, inDay) : OPEN_DAY;
  const answered = exit !== null && (ANSWERS as readonly string[]).includes(exit.disposition);
  const refusal = exit?.disposition === 'refused' || exit?.disposition === 'partially_granted';
  const waiting = !exit && source.status === 'awaiting_clarification';
  const appeal = source.appeal ?? null;
  stints.push({
    ...blank,
    n: stints.length,
    agency: source.agency,
    inDay,
    inKind,
    outDay,
    disposition: exit?.disposition ?? null,
    days: answered ? responseDays(source, rules, calendar, exit.at) : null,
    onTime: answered
      ? (source.figures?.answeredOnTime ?? exit.at.getTime() <= source.dueAt.getTime())
      : null,
    extended: exit !== null && source.extensionCount > 0,
    lateDay: waiting ? null : lateFrom(source.dueAt, outDay),
    articles: refusal ? [...new Set(source.legalGrounds ?? [])] : [],
    appealDay: appeal?.filedAt ? day(appeal.filedAt) : null,
    decidedDay: appeal?.filedAt ? (appeal.decidedAt ? day(appeal.decidedAt) : OPEN_DAY) : null,
    decision: appeal?.decidedAt ? (appeal.decision ?? null) : null,
    decidedInTime: appeal?.decidedAt
      ? !appeal.dueAt || appeal.decidedAt.getTime() <= appeal.dueAt.getTime()
      : null,
    appealArticles: appeal?.decidedAt ? [...new Set(appeal.legalGrounds ?? [])] : [],
  });
  return stints;
}
