import type { Holiday } from './holidays.ts';
import type { Period, Rules } from './jurisdiction-schema.ts';
import { addDays, endOfLocalDay, wallClock, type LocalDate } from '../time/local-date.ts';
import type { WorkingCalendar } from './working-calendar.ts';

/** A non-working day that the count passed over, and why. */
export interface SkippedDay {
  date: LocalDate;
  reason: 'weekend' | 'holiday';
  holiday?: Pick<Holiday, 'name' | 'status'>;
}

/** Where counting starts: the local day of receipt, moved to the next working day when needed. */
export interface EffectiveReceipt {
  receivedDate: LocalDate;
  effectiveDate: LocalDate;
  /** Why the effective date differs from the day of receipt. */
  shift: 'none' | 'after_closing' | 'non_working_day';
  skipped: SkippedDay[];
}

/** A computed legal date, with everything needed to explain it. */
export interface Deadline {
  /** Counting starts the day after this date. */
  from: LocalDate;
  dueDate: LocalDate;
  /** The end of `dueDate` in the jurisdiction's time zone (or the exact instant for hours). */
  dueAt: Date;
  amount: number;
  unit: 'working' | 'calendar' | 'hours';
  /** Working days: non-working days inside the count. Calendar days: the days rolled over at the end. */
  skipped: SkippedDay[];
}

function skippedDay(calendar: WorkingCalendar, date: LocalDate): SkippedDay | undefined {
  const off = calendar.dayOff(date);
  if (!off) return undefined;
  return off.reason === 'weekend'
    ? { date, reason: 'weekend' }
    : { date, reason: 'holiday', holiday: { name: off.holiday.name, status: off.holiday.status } };
}

/** The first working day on or after `date`, and the days passed over to reach it. */
export function nextWorkingDay(
  calendar: WorkingCalendar,
  date: LocalDate,
): { date: LocalDate; skipped: SkippedDay[] } {
  const skipped: SkippedDay[] = [];
  let day = date;
  for (let guard = 0; guard < 366; guard += 1) {
    const off = skippedDay(calendar, day);
    if (!off) return { date: day, skipped };
    skipped.push(off);
    day = addDays(day, 1);
  }
  throw new RangeError(`no working day within a year of ${date}`);
}

/**
 * A request received after the office's closing time, or on a non-working day,
 * counts as received on the next working day (DESIGN §4).
 */
export function effectiveReceipt(receivedAt: Date, calendar: WorkingCalendar): EffectiveReceipt {
  const { timeZone, closingTime } = calendar.jurisdiction;
  const { date, minutes } = wallClock(receivedAt, timeZone);
  if (!calendar.isWorkingDay(date)) {
    const next = nextWorkingDay(calendar, date);
    return {
      receivedDate: date,
      effectiveDate: next.date,
      shift: 'non_working_day',
      skipped: next.skipped,
    };
  }
  if (closingTime !== null) {
    const [hours = 0, mins = 0] = closingTime.split(':').map(Number);
    if (minutes >= hours * 60 + mins) {
      const next = nextWorkingDay(calendar, addDays(date, 1));
      return {
        receivedDate: date,
        effectiveDate: next.date,
        shift: 'after_closing',
        skipped: next.skipped,
      };
    }
  }
  return { receivedDate: date, effectiveDate: date, shift: 'none', skipped: [] };
}

/**
 * Counts a period from the day after `from`: the Nth working day, or the Nth
 * day rolled forward to a working day. The deadline is the end of that local day.
 */
export function countPeriod(calendar: WorkingCalendar, from: LocalDate, period: Period): Deadline {
  const skipped: SkippedDay[] = [];
  let day = from;
  if (period.dayType === 'working') {
    for (let counted = 0; counted < period.days;) {
      day = addDays(day, 1);
      const off = skippedDay(calendar, day);
      if (off) skipped.push(off);
      else counted += 1;
    }
  } else {
    const rolled = nextWorkingDay(calendar, addDays(from, period.days));
    day = rolled.date;
    skipped.push(...rolled.skipped);
  }
  return {
    from,
    dueDate: day,
    dueAt: endOfLocalDay(day, calendar.jurisdiction.timeZone),
    amount: period.days,
    unit: period.dayType,
    skipped,
  };
}

/** An exact number of hours from the instant of receipt (Tunisia's 48 hours for life or liberty). */
export function countHours(calendar: WorkingCalendar, receivedAt: Date, hours: number): Deadline {
  const dueAt = new Date(receivedAt.getTime() + hours * 3_600_000);
  const { timeZone } = calendar.jurisdiction;
  return {
    from: wallClock(receivedAt, timeZone).date,
    dueDate: wallClock(dueAt, timeZone).date,
    dueAt,
    amount: hours,
    unit: 'hours',
    skipped: [],
  };
}

/** The response period of `rules`, or undefined where the law's period is unknown. */
export function responsePeriod(rules: Rules): Period | undefined {
  const { days, dayType } = rules.response;
  return days !== null && dayType !== null ? { days, dayType } : undefined;
}

/** A clarification pause: from the request for clarification until the requester's reply. */
export interface ClockPause {
  from: Date;
  to: Date;
}

/**
 * Days a pause stopped the clock: the days after the local day it began, up to
 * and including the day it ended (working days for a working-day rule).
 */
export function pausedDays(
  calendar: WorkingCalendar,
  pause: ClockPause,
  unit: Period['dayType'],
): number {
  const { timeZone } = calendar.jurisdiction;
  const start = wallClock(pause.from, timeZone).date;
  const end = wallClock(pause.to, timeZone).date;
  let count = 0;
  for (let day = addDays(start, 1); day <= end; day = addDays(day, 1)) {
    if (unit === 'calendar' || calendar.isWorkingDay(day)) count += 1;
  }
  return count;
}

/** Moves a deadline past the days its pauses stopped the clock. */
export function withPauses(
  calendar: WorkingCalendar,
  deadline: Deadline,
  pauses: readonly ClockPause[],
): Deadline {
  if (deadline.unit === 'hours' || pauses.length === 0) return deadline;
  const unit = deadline.unit;
  const added = pauses.reduce((sum, pause) => sum + pausedDays(calendar, pause, unit), 0);
  if (added === 0) return deadline;
  const moved = countPeriod(calendar, deadline.dueDate, { days: added, dayType: unit });
  return {
    ...moved,
    from: deadline.from,
    amount: deadline.amount + added,
    skipped: [...deadline.skipped, ...moved.skipped],
  };
}
