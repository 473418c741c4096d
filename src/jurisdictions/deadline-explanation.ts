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

/** One sentence per later step, each ending on the due date it led to. */
function explainLaterSteps(
  locale: Locale,
  steps: LaterSteps,
  timeZone: string,
  region: string,
): string[] {
  const date = (value: string) => formatDateWithHijri(value, locale, { region });
  const sentences: string[] = [];
  const { paused } = steps;
  if (paused && paused.deadline.unit !== 'hours')
    sentences.push(
      t(locale, `deadline.explain.paused.${paused.deadline.unit}`, {
        count: paused.days,
        due: date(paused.deadline.dueDate),
        timeZone,
      }),
    );
  for (const extension of steps.extensions)
    if (extension.unit !== 'hours')
      sentences.push(
        t(locale, `deadline.explain.extended.${extension.unit}`, {
          count: extension.amount,
          due: date(extension.dueDate),
          timeZone,
        }),
      );
  return sentences;
}

const NO_LATER_STEPS: LaterSteps = { paused: null, extensions: [] };

/** The explanation of one computed date in one language. */
export function explainIn(
  locale: Locale,
  answer: DeadlineAnswer,
  timeZone: string,
  region: string,
  steps: LaterSteps = NO_LATER_STEPS,
): string {
  const { receipt, deadline } = answer;
  const date = (value: string) => formatDateWithHijri(value, locale, { region });
  const sentences: string[] = [];
  if (answer.kind !== 'extension') {
    if (receipt.shift === 'after_closing') {
      sentences.push(
        t(locale, 'deadline.explain.afterClosing', {
          received: date(receipt.receivedDate),
          effective: date(receipt.effectiveDate),
        }),
      );
    } else if (receipt.shift === 'non_working_day') {
      sentences.push(
        t(locale, 'deadline.explain.nonWorkingDay', {
          received: date(receipt.receivedDate),
          effective: date(receipt.effectiveDate),
        }),
      );
    }
  }
  if (deadline.unit === 'hours') {
    sentences.push(
      t(locale, 'deadline.explain.hours', {
        hours: deadline.amount,
        due: date(deadline.dueDate),
        timeZone,
      }),
    );
  } else {
    sentences.push(
      t(locale, `deadline.explain.count.${deadline.unit}`, {
        count: deadline.amount,
        from: date(deadline.from),
        due: date(deadline.dueDate),
        timeZone,
      }),
    );
    const skipped = describeSkipped(locale, deadline.skipped, region);
    if (skipped)
      sentences.push(
        t(
          locale,
          deadline.unit === 'working' ? 'deadline.explain.skipped' : 'deadline.explain.rolled',
          { list: skipped },
        ),
      );
  }
  // Then what moved the date since, so the explanation ends on the due date; the note last.
  sentences.push(...explainLaterSteps(locale, steps, timeZone, region));
  if (answer.unverified.length > 0) {
    const fields = answer.unverified
      .map((field) => t(locale, `jurisdiction.field.${field}`))
      .join(t(locale, 'list.separator'));
    sentences.push(t(locale, 'deadline.explain.unverified', { fields }));
  }
  return sentences.join(' ');
}

/**
 * The explanation in every language: `{ ar, en }`. With `steps`, the sentences
 * of the pauses and extensions follow the first count, so the explanation ends
 * on the due date they led to.
 */
export function explainDeadline(
  answer: DeadlineAnswer,
  timeZone: string,
  region: string,
  steps: LaterSteps = NO_LATER_STEPS,
): Record<Locale, string> {
  return Object.fromEntries(
    LOCALES.map((locale) => [locale, explainIn(locale, answer, timeZone, region, steps)]),
  ) as Record<Locale, string>;
}
