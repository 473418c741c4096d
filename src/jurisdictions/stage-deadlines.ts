import { countPeriod, effectiveReceipt, responsePeriod, type Deadline } from './deadline.ts';
import type { Rules } from './jurisdiction-schema.ts';
import type { WorkingCalendar } from './working-calendar.ts';
import { wallClock } from '../time/local-date.ts';

/**
 * A transfer to the competent agency: by when the first agency had to pass the
 * request on (where the law sets it, e.g. Tunisia's 5 days), and the new due
 * date where the law restarts the clock at the transfer (otherwise the request
 * keeps its due date). Undefined where the law has no transfer rule.
 */
export function transferDeadlines(
  rules: Rules,
  calendar: WorkingCalendar,
  receivedAt: Date,
  transferredAt: Date,
): { transferBy?: Deadline; restartedDue?: Deadline } | undefined {
  const { transfer } = rules;
  if (!transfer) return undefined;
  const result: { transferBy?: Deadline; restartedDue?: Deadline } = {};
  if (transfer.days !== null) {
    result.transferBy = countPeriod(
      calendar,
      effectiveReceipt(receivedAt, calendar).effectiveDate,
      {
        days: transfer.days,
        dayType: transfer.dayType,
      },
    );
  }
  const period = responsePeriod(rules);
  if (transfer.clockRestarts && period) {
    result.restartedDue = countPeriod(
      calendar,
      effectiveReceipt(transferredAt, calendar).effectiveDate,
      period,
    );
  }
  return result;
}

/** By when appeal stage `stage` (0 = the first) must decide an appeal filed at `filedAt`. */
export function appealDecisionDeadline(
  rules: Rules,
  calendar: WorkingCalendar,
  stage: number,
  filedAt: Date,
): Deadline | undefined {
  const decide = rules.appeals[stage]?.decide;
  return decide
    ? countPeriod(calendar, effectiveReceipt(filedAt, calendar).effectiveDate, decide)
    : undefined;
}

/**
 * Until when appeal stage `stage` may be seized, counting from the refusal (the
 * answer) or the silence (the missed due date). Undefined where the law sets no period.
 */
export function appealFilingDeadline(
  rules: Rules,
  calendar: WorkingCalendar,
  stage: number,
  from: Date,
): Deadline | undefined {
  const file = rules.appeals[stage]?.file;
  return file
    ? countPeriod(calendar, wallClock(from, calendar.jurisdiction.timeZone).date, file)
    : undefined;
}
