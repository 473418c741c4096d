import {
  countHours,
  countPeriod,
  effectiveReceipt,
  responsePeriod,
  type Deadline,
  type EffectiveReceipt,
} from './deadline.ts';
import type { Period, Rules, VERIFIABLE_FIELDS } from './jurisdiction-schema.ts';
import { wallClock, type LocalDate } from '../time/local-date.ts';
import type { WorkingCalendar } from './working-calendar.ts';

export const DEADLINE_KINDS = ['response', 'extension', 'urgent', 'appeal'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** Why a deadline cannot be computed; each maps to an i18n key `deadline.error.<code>`. */
type DeadlineProblem = 'responseUnknown' | 'noExtension' | 'noUrgentTrack' | 'noAppealPeriod';

export interface DeadlineAnswer {
  kind: DeadlineKind;
  rulesVersion: string;
  receivedAt: Date;
  receipt: EffectiveReceipt;
  deadline: Deadline;
  /** The fields of the rules behind this date that are not verified against the official text. */
  unverified: (typeof VERIFIABLE_FIELDS)[number][];
}

export type DeadlineOutcome =
  { ok: true; answer: DeadlineAnswer } | { ok: false; problem: DeadlineProblem };

const FIELDS_BY_KIND: Record<DeadlineKind, readonly (typeof VERIFIABLE_FIELDS)[number][]> = {
  response: ['response.days', 'response.dayType', 'closingTime', 'weekends', 'holidays'],
  extension: ['extension', 'weekends', 'holidays'],
  urgent: ['urgent', 'closingTime', 'weekends', 'holidays'],
  appeal: ['appeals', 'weekends', 'holidays'],
};

/**
 * One legal date of a kind, from an instant. `response`, `urgent` and `appeal`
 * count from `receivedAt` (the request, or for an appeal the decision or the
 * silence it answers); `extension` counts from `from`, the due date extended.
 */
export function computeDeadline(input: {
  kind: DeadlineKind;
  rules: Rules;
  calendar: WorkingCalendar;
  receivedAt: Date;
  from?: LocalDate;
}): DeadlineOutcome {
  const { kind, rules, calendar, receivedAt } = input;
  const receipt = effectiveReceipt(receivedAt, calendar);
  const answer = (deadline: Deadline): DeadlineOutcome => ({
    ok: true,
    answer: {
      kind,
      rulesVersion: rules.version,
      receivedAt,
      receipt,
      deadline,
      unverified: rules.unverified.filter((field) => FIELDS_BY_KIND[kind].includes(field)),
    },
  });
  const fromReceipt = (period: Period) =>
    answer(countPeriod(calendar, receipt.effectiveDate, period));

  switch (kind) {
    case 'response': {
      const period = responsePeriod(rules);
      return period ? fromReceipt(period) : { ok: false, problem: 'responseUnknown' };
    }
    case 'urgent': {
      if (!rules.urgent) return { ok: false, problem: 'noUrgentTrack' };
      if ('hours' in rules.urgent)
        return answer(countHours(calendar, receivedAt, rules.urgent.hours));
      return fromReceipt({ days: rules.urgent.days, dayType: rules.urgent.dayType });
    }
    case 'extension': {
      if (!rules.extension) return { ok: false, problem: 'noExtension' };
      const from = input.from ?? wallClock(receivedAt, calendar.jurisdiction.timeZone).date;
      return answer(countPeriod(calendar, from, rules.extension));
    }
    case 'appeal': {
      const file = rules.appeals[0]?.file;
      return file ? fromReceipt(file) : { ok: false, problem: 'noAppealPeriod' };
    }
  }
}
