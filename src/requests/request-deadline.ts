import {
  countHours,
  countPeriod,
  effectiveReceipt,
  responsePeriod,
  withPauses,
  type ClockPause,
  type Deadline,
} from '../jurisdictions/deadline.ts';
import type { Rules } from '../jurisdictions/jurisdiction-schema.ts';
import type { WorkingCalendar } from '../jurisdictions/working-calendar.ts';

/** What a request's due date depends on (all of it stored on the snapshot). */
export interface DeadlineInputs {
  receivedAt: Date;
  clockStartedAt?: Date | null;
  urgent: boolean;
  extensionCount: number;
  pauses: readonly { from: Date; to?: Date | null }[];
}

/** How a request's due date was reached, step by step (see {@link requestDeadlineSteps}). */
export interface DeadlineSteps {
  /** The response (or urgent) period from when the clock started. */
  base: Deadline;
  /** The due date after the clarification pauses, and the days they added (none: null). */
  paused: { days: number; deadline: Deadline } | null;
  /** The due date after each lawful extension, in order. */
  extensions: Deadline[];
  /** The due date: the last of the above. */
  final: Deadline;
}

/**
 * A request's due date under its rules and the calendar as it stands, with each
 * step that led to it: the response (or urgent) period from when the clock
 * started, plus the days of finished clarification pauses where the law pauses
 * the clock, plus each lawful extension. The stored due date and its
 * explanation both come from here. Undefined where the rules give no response
 * period.
 */
export function requestDeadlineSteps(
  inputs: DeadlineInputs,
  rules: Rules,
  calendar: WorkingCalendar,
): DeadlineSteps | undefined {
  const start = inputs.clockStartedAt ?? inputs.receivedAt;
  let base: Deadline;
  if (inputs.urgent && rules.urgent) {
    base =
      'hours' in rules.urgent
        ? countHours(calendar, start, rules.urgent.hours)
        : countPeriod(calendar, effectiveReceipt(start, calendar).effectiveDate, {
            days: rules.urgent.days,
            dayType: rules.urgent.dayType,
          });
  } else {
    const period = responsePeriod(rules);
    if (!period) return undefined;
    base = countPeriod(calendar, effectiveReceipt(start, calendar).effectiveDate, period);
  }
  let deadline = base;
  let paused: DeadlineSteps['paused'] = null;
  if (rules.clarificationPausesClock) {
    // Pauses before a restart of the clock (a transfer) no longer count.
    const finished = inputs.pauses.filter(
      (pause): pause is ClockPause =>
        pause.to instanceof Date && pause.from.getTime() >= start.getTime(),
    );
    deadline = withPauses(calendar, deadline, finished);
    if (deadline !== base) paused = { days: deadline.amount - base.amount, deadline };
  }
  const extensions: Deadline[] = [];
  const { extension } = rules;
  if (extension) {
    for (let i = 0; i < Math.min(inputs.extensionCount, extension.maxCount); i += 1) {
      deadline = { ...countPeriod(calendar, deadline.dueDate, extension), from: deadline.from };
      extensions.push(deadline);
    }
  }
  return { base, paused, extensions, final: deadline };
}

/** A request's due date (the last of {@link requestDeadlineSteps}). */
export function requestDeadline(
  inputs: DeadlineInputs,
  rules: Rules,
  calendar: WorkingCalendar,
): Deadline | undefined {
  return requestDeadlineSteps(inputs, rules, calendar)?.final;
}
