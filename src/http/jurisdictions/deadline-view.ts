import { t } from '../../i18n/i18n.ts';
import type { DeadlineAnswer } from '../../jurisdictions/deadline-calculator.ts';
import { explainDeadline } from '../../jurisdictions/deadline-explanation.ts';
import type { Jurisdiction } from '../../jurisdictions/jurisdiction-schema.ts';
import { acceptsFiling } from '../../jurisdictions/jurisdiction-rules.ts';
import { instantAt } from '../../time/local-date.ts';

/** The public shape of a computed date (the deadline API and the calculator page). */
export function deadlineView(answer: DeadlineAnswer, jurisdiction: Jurisdiction) {
  const { receipt, deadline } = answer;
  const effectiveReceivedAt =
    receipt.shift === 'none'
      ? answer.receivedAt
      : instantAt(receipt.effectiveDate, 0, jurisdiction.timeZone);
  const weekend = { ar: t('ar', 'deadline.weekend'), en: t('en', 'deadline.weekend') };
  return {
    jurisdiction: jurisdiction.code,
    rulesVersion: answer.rulesVersion,
    kind: answer.kind,
    receivedAt: answer.receivedAt.toISOString(),
    effectiveReceivedAt: effectiveReceivedAt.toISOString(),
    dueAt: deadline.dueAt.toISOString(),
    dueDate: deadline.dueDate,
    days: deadline.amount,
    dayType: deadline.unit,
    skipped: deadline.skipped.map((day) => ({
      date: day.date,
      reason: day.reason,
      name: day.holiday?.name ?? weekend,
      ...(day.holiday ? { status: day.holiday.status } : {}),
    })),
    unverified: answer.unverified,
    explanation: explainDeadline(answer, jurisdiction.timeZone, jurisdiction.code),
  };
}

/** A jurisdiction's rules as the list API shows them. */
export function jurisdictionSummary(jurisdiction: Jurisdiction) {
  const rules = jurisdiction.rules.at(-1);
  const weekend = jurisdiction.weekends.at(-1);
  return {
    code: jurisdiction.code,
    name: jurisdiction.name,
    reference: jurisdiction.reference,
    timeZone: jurisdiction.timeZone,
    closingTime: jurisdiction.closingTime,
    weekendDays: weekend?.days ?? [],
    law: jurisdiction.law,
    rulesVersion: rules?.version ?? null,
    acceptsFiling: rules ? acceptsFiling(rules) : false,
    response: rules?.response ?? null,
    extension: rules?.extension ?? null,
    urgent: rules?.urgent ?? null,
    transfer: rules?.transfer ?? null,
    acknowledgement: rules?.acknowledgement ?? null,
    clarificationPausesClock: rules?.clarificationPausesClock ?? null,
    silenceIsRefusal: rules?.silenceIsRefusal ?? null,
    appeals: rules?.appeals ?? [],
    unverified: rules?.unverified ?? [],
  };
}
