import {
  countPeriod,
  effectiveReceipt,
  pausedDays,
  type ClockPause,
} from '../jurisdictions/deadline.ts';
import type { Rules } from '../jurisdictions/jurisdiction-schema.ts';
import { addDays, wallClock } from '../time/local-date.ts';
import type { WorkingCalendar } from '../jurisdictions/working-calendar.ts';
import { isDeemedRefused, isOverdue } from './request-lifecycle.ts';
import type { RequestStatus } from './request-states.ts';

/** What the figures read of a request snapshot (DESIGN §8). */
export interface FigureInputs {
  status: RequestStatus;
  receivedAt: Date;
  dueAt: Date;
  acknowledgedAt?: Date | null;
  answeredAt?: Date | null;
  outcome?: string | null;
  legalGrounds?: readonly string[];
  extensionCount: number;
  transfers?: readonly unknown[];
  pauses?: readonly { from: Date; to?: Date | null }[];
  appeal?: { dueAt?: Date | null; decision?: string | null; decidedAt?: Date | null } | null;
  /** The figures stored at the answer (they stand, even if the calendar is corrected later). */
  figures?: StoredFigures | null;
}

/** What a request stores of its figures when it is answered or closed. */
export interface StoredFigures {
  daysToAnswer?: number | null;
  answeredOnTime?: boolean | null;
  acknowledgedInTime?: boolean | null;
}

/** One request's contribution to every figure of DESIGN §8, computed once. */
export interface RequestFigures {
  answered: boolean;
  /** Answered at or before the due date in force when answered (lawful extensions included). */
  answeredOnTime: boolean | null;
  /** Working days from the effective receipt to the answer, paused days left out. */
  daysToAnswer: number | null;
  overdueNow: boolean;
  deemedRefused: boolean;
  /** Acknowledged within the law's acknowledgement period; null where the law sets none or it has not run out. */
  acknowledgedInTime: boolean | null;
  extended: boolean;
  transferred: boolean;
  clarified: boolean;
  withdrawn: boolean;
  outcome: string | null;
  refusalArticles: readonly string[];
  appealFiled: boolean;
  appealDecision: string | null;
  appealDecidedOnTime: boolean | null;
}

/** Working days after `from`'s local day up to and including `to`'s, in the calendar. */
export function workingDaysBetween(calendar: WorkingCalendar, from: string, to: string): number {
  let count = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1))
    if (calendar.isWorkingDay(day)) count += 1;
  return count;
}

const finished = (pauses: FigureInputs['pauses']): ClockPause[] =>
  (pauses ?? []).filter((p): p is ClockPause => p.to instanceof Date);

/** The figures of one request, from its snapshot, its rules and its calendar, at `now`. */
export function requestFigures(
  request: FigureInputs,
  rules: Rules,
  calendar: WorkingCalendar,
  now: Date,
): RequestFigures {
  const zone = calendar.jurisdiction.timeZone;
  const receipt = effectiveReceipt(request.receivedAt, calendar).effectiveDate;
  const answeredAt = request.answeredAt ?? null;
  const answered = answeredAt !== null && request.outcome !== 'transferred_out';
  const stored = request.figures ?? null;
  let daysToAnswer: number | null = null;
  if (answered && stored?.daysToAnswer != null) daysToAnswer = stored.daysToAnswer;
  else if (answered) {
    const paused = finished(request.pauses).reduce(
      (sum, pause) => sum + pausedDays(calendar, pause, 'working'),
      0,
    );
    daysToAnswer = Math.max(
      0,
      workingDaysBetween(calendar, receipt, wallClock(answeredAt, zone).date) - paused,
    );
  }
  let acknowledgedInTime: boolean | null = null;
  if (stored?.acknowledgedInTime != null) acknowledgedInTime = stored.acknowledgedInTime;
  else if (rules.acknowledgement) {
    const by = countPeriod(calendar, receipt, rules.acknowledgement).dueAt;
    const at = request.acknowledgedAt ?? null;
    if (at) acknowledgedInTime = at.getTime() <= by.getTime();
    else if (now.getTime() > by.getTime()) acknowledgedInTime = false;
  }
  const appeal = request.appeal ?? null;
  const refusal = request.outcome === 'refused' || request.outcome === 'partially_granted';
  return {
    answered,
    answeredOnTime: answered
      ? (stored?.answeredOnTime ?? answeredAt.getTime() <= request.dueAt.getTime())
      : null,
    daysToAnswer,
    overdueNow: isOverdue(request, now),
    deemedRefused: isDeemedRefused(request, rules.silenceIsRefusal, now),
    acknowledgedInTime,
    extended: request.extensionCount > 0,
    transferred: (request.transfers?.length ?? 0) > 0,
    clarified: (request.pauses?.length ?? 0) > 0,
    withdrawn: request.status === 'withdrawn',
    outcome: answered ? (request.outcome ?? null) : null,
    refusalArticles: refusal ? [...(request.legalGrounds ?? [])] : [],
    appealFiled: appeal !== null,
    appealDecision: appeal?.decision ?? null,
    appealDecidedOnTime:
      appeal?.decidedAt && appeal.dueAt
        ? appeal.decidedAt.getTime() <= appeal.dueAt.getTime()
        : null,
  };
}

/** The figures a request stores when it is answered or closed. */
export function figuresToStore(figures: RequestFigures): Required<StoredFigures> {
  return {
    daysToAnswer: figures.daysToAnswer,
    answeredOnTime: figures.answeredOnTime,
    acknowledgedInTime: figures.acknowledgedInTime,
  };
}
