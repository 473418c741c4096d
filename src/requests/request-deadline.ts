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

/**
 * A request's due date under its rules and the calendar as it stands: the
 * response (or urgent) period from when the clock started, plus the days of
 * finished clarification pauses where the law pauses the clock, plus each
 * lawful extension. Undefined where the rules give no response period.
 */
export function requestDeadline(
  inputs: DeadlineInputs,
  rules: Rules,
  calendar: WorkingCalendar,
): Deadline | undefined {
  const start = inputs.clockStartedAt ?? inputs.receivedAt;
  let deadline: Deadline | undefined;
  if (inputs.urgent && rules.urgent) {
    deadline =
      'hours' in rules.urgent
        ? countHours(calendar, start, rules.urgent.hours)
        : countPeriod(calendar, effectiveReceipt(start, calendar).effectiveDate, {
            days: rules.urgent.days,
            dayType: rules.urgent.dayType,
          });
  } else {
    const period = responsePeriod(rules);
    if (!period) return undefined;
    deadline = countPeriod(calendar, effectiveReceipt(start, calendar).effectiveDate, period);
  }
  if (rules.clarificationPausesClock) {
    // Pauses before a restart of the clock (a transfer) no longer count.
    const finished = inputs.pauses.filter(
      (pause): pause is ClockPause =>
        pause.to instanceof Date && pause.from.getTime() >= start.getTime(),
    );
    deadline = withPauses(calendar, deadline, finished);
  }
  const { extension } = rules;
  if (extension) {
    for (let i = 0; i < Math.min(inputs.extensionCount, extension.maxCount); i += 1) {
      deadline = { ...countPeriod(calendar, deadline.dueDate, extension), from: deadline.from };
    }
  }
  return deadline;
}
