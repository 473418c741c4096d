import { LOCALES, t, type Locale } from '../i18n/i18n.ts';
import type { DeadlineAnswer } from './deadline-calculator.ts';
import type { Deadline, SkippedDay } from './deadline.ts';
import { formatDateWithHijri, formatGregorian } from './date-format.ts';

/** The skipped days as people read them: weekend days counted, holidays named with their dates. */
function describeSkipped(locale: Locale, skipped: readonly SkippedDay[], region: string): string {
  const weekendDays = skipped.filter((day) => day.reason === 'weekend').length;
  const holidays = new Map<string, { dates: string[]; provisional: boolean }>();
  for (const day of skipped) {
    if (day.reason !== 'holiday' || !day.holiday) continue;
    const name = day.holiday.name[locale];
    const entry = holidays.get(name) ?? { dates: [], provisional: false };
    entry.dates.push(formatGregorian(day.date, locale, { region }));
    entry.provisional ||= day.holiday.status === 'provisional';
    holidays.set(name, entry);
  }
  const parts: string[] = [];
  if (weekendDays > 0)
    parts.push(t(locale, 'deadline.explain.weekendDays', { count: weekendDays }));
  for (const [name, { dates, provisional }] of holidays) {
    const status = provisional ? t(locale, 'deadline.explain.provisional') : '';
    parts.push(
      t(locale, 'deadline.explain.holiday', {
        name,
        dates: dates.join(t(locale, 'list.separator')),
        status,
      }).trim(),
    );
  }
  return parts.join(t(locale, 'list.separator'));
}

/** What moved a request's due date after its first count: clarification pauses, then extensions. */
export interface LaterSteps {
  paused: { days: number; deadline: Deadline } | null;
  extensions: readonly Deadline[];
}

/** One line per later step, each ending on the due date it led to. */
function explainLaterSteps(locale: Locale, steps: LaterSteps, region: string): string[] {
  const date = (value: string) => formatDateWithHijri(value, locale, { region });
  const lines: string[] = [];
  const { paused } = steps;
  if (paused && paused.deadline.unit !== 'hours')
    lines.push(
      t(locale, `deadline.explain.paused.${paused.deadline.unit}`, {
        count: paused.days,
        due: date(paused.deadline.dueDate),
      }),
    );
  for (const extension of steps.extensions)
    if (extension.unit !== 'hours')
      lines.push(
        t(locale, `deadline.explain.extended.${extension.unit}`, {
          count: extension.amount,
          due: date(extension.dueDate),
        }),
      );
  return lines;
}

const NO_LATER_STEPS: LaterSteps = { paused: null, extensions: [] };

/** A time zone as people name it: by its city ("Amman time"), not its IANA id. */
function zoneCity(locale: Locale, timeZone: string): string {
  const key = `timeZone.${timeZone}`;
  const name = t(locale, key);
  return name === key ? (timeZone.split('/').at(-1) ?? timeZone).replaceAll('_', ' ') : name;
}

/** The last due date of a count and its later steps. */
function finalDue(deadline: Deadline, steps: LaterSteps): Deadline {
  return steps.extensions.at(-1) ?? steps.paused?.deadline ?? deadline;
}

/**
 * How a due date was reached, as a short list in one language: received;
 * counting starts; the days skipped (weekends counted, holidays named); the
 * pauses and extensions; due, in the jurisdiction's time (its city named);
 * then, folded into one line, what of the law is not yet verified.
 */
export function explanationSteps(
  locale: Locale,
  answer: DeadlineAnswer,
  timeZone: string,
  region: string,
  steps: LaterSteps = NO_LATER_STEPS,
): string[] {
  const { receipt, deadline } = answer;
  const date = (value: string) => formatDateWithHijri(value, locale, { region });
  const lines: string[] = [];
  if (answer.kind !== 'extension') {
    const shift =
      receipt.shift === 'after_closing'
        ? 'afterClosing'
        : receipt.shift === 'non_working_day'
          ? 'nonWorkingDay'
          : 'received';
    lines.push(
      t(locale, `deadline.explain.${shift}`, {
        received: date(receipt.receivedDate),
        effective: date(receipt.effectiveDate),
      }),
    );
  }
  if (deadline.unit === 'hours') {
    lines.push(t(locale, 'deadline.explain.hours', { hours: deadline.amount }));
  } else {
    lines.push(
      t(locale, `deadline.explain.start.${deadline.unit}`, {
        count: deadline.amount,
        from: date(deadline.from),
      }),
    );
    const skipped = describeSkipped(locale, deadline.skipped, region);
    if (skipped)
      lines.push(
        t(
          locale,
          deadline.unit === 'working' ? 'deadline.explain.skipped' : 'deadline.explain.rolled',
          { list: skipped },
        ),
      );
  }
  // Then what moved the date since, so the list ends on the due date in force.
  lines.push(...explainLaterSteps(locale, steps, region));
  const due = finalDue(deadline, steps);
  lines.push(
    t(locale, due.unit === 'hours' ? 'deadline.explain.dueAt' : 'deadline.explain.due', {
      due: date(due.dueDate),
      timeZone: zoneCity(locale, timeZone),
    }),
  );
  if (answer.unverified.length > 0) {
    const fields = answer.unverified
      .map((field) => t(locale, `jurisdiction.field.${field}`))
      .join(t(locale, 'list.separator'));
    lines.push(t(locale, 'deadline.explain.unverified', { fields }));
  }
  return lines;
}

/** The explanation's list in every language: `{ ar, en }`. */
export function explainDeadlineSteps(
  answer: DeadlineAnswer,
  timeZone: string,
  region: string,
  steps: LaterSteps = NO_LATER_STEPS,
): Record<Locale, string[]> {
  return Object.fromEntries(
    LOCALES.map((locale) => [locale, explanationSteps(locale, answer, timeZone, region, steps)]),
  ) as Record<Locale, string[]>;
}

/**
 * The explanation in every language: `{ ar, en }`, each one paragraph. With
 * `steps`, the lines of the pauses and extensions follow the first count, so
 * the explanation ends on the due date they led to.
 */
export function explainDeadline(
  answer: DeadlineAnswer,
  timeZone: string,
  region: string,
  steps: LaterSteps = NO_LATER_STEPS,
): Record<Locale, string> {
  const lists = explainDeadlineSteps(answer, timeZone, region, steps);
  return { ar: lists.ar.join(' '), en: lists.en.join(' ') };
}
