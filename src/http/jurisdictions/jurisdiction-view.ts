import { t, type Locale } from '../../i18n/i18n.ts';
import type { Jurisdiction, Period, Rules } from '../../jurisdictions/jurisdiction-schema.ts';
import { currentRules } from '../../jurisdictions/jurisdiction-rules.ts';
import { responsePeriod } from '../../jurisdictions/deadline.ts';
import { articleLabel } from '../../jurisdictions/article-label.ts';
import { formatGregorian } from '../../jurisdictions/date-format.ts';

type Field = Rules['unverified'][number];

export interface RuleRow {
  label: string;
  value: string;
  unverified: boolean;
}

/** A period of the law in words ("15 working days"), or that the law sets none. */
export function periodWords(locale: Locale, value: Period | null): string {
  return value
    ? t(locale, `jurisdiction.period.${value.dayType}`, { count: value.days })
    : t(locale, 'jurisdiction.notInLaw');
}

const WEEKDAYS = ['', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** The rows of a jurisdiction's public page: each rule in words, flagged when unverified. */
export function ruleRows(jurisdiction: Jurisdiction, locale: Locale): RuleRow[] {
  const rules = currentRules(jurisdiction);
  const unverified = new Set<Field>(rules.unverified);
  const row = (label: string, value: string, ...fields: Field[]): RuleRow => ({
    label: t(locale, label),
    value,
    unverified: fields.some((field) => unverified.has(field)),
  });
  const { extension, urgent, transfer, acknowledgement } = rules;
  const response = responsePeriod(rules);
  const yesNo = (value: boolean) => t(locale, value ? 'common.yes' : 'common.no');
  const weekend = jurisdiction.weekends.at(-1)?.days ?? [];
  return [
    row(
      'jurisdiction.rule.response',
      response ? periodWords(locale, response) : t(locale, 'jurisdiction.unknown'),
      'response.days',
      'response.dayType',
    ),
    row(
      'jurisdiction.rule.extension',
      extension
        ? t(locale, 'jurisdiction.extensionTimes', {
            period: periodWords(locale, extension),
            count: extension.maxCount,
          })
        : t(locale, 'jurisdiction.notInLaw'),
      'extension',
    ),
    row(
      'jurisdiction.rule.urgent',
      !urgent
        ? t(locale, 'jurisdiction.notInLaw')
        : 'hours' in urgent
          ? t(locale, 'jurisdiction.period.hours', { count: urgent.hours })
          : periodWords(locale, urgent),
      'urgent',
    ),
    row(
      'jurisdiction.rule.transfer',
      transfer
        ? `${transfer.days !== null ? periodWords(locale, { days: transfer.days, dayType: transfer.dayType }) : t(locale, 'jurisdiction.unknown')}; ${t(locale, transfer.clockRestarts ? 'jurisdiction.clockRestarts' : 'jurisdiction.clockContinues')}`
        : t(locale, 'jurisdiction.notInLaw'),
      'transfer',
    ),
    row(
      'jurisdiction.rule.acknowledgement',
      periodWords(locale, acknowledgement),
      'acknowledgement',
    ),
    row(
      'jurisdiction.rule.clarificationPausesClock',
      yesNo(rules.clarificationPausesClock),
      'clarificationPausesClock',
    ),
    row('jurisdiction.rule.silenceIsRefusal', yesNo(rules.silenceIsRefusal), 'silenceIsRefusal'),
    ...rules.appeals.map((stage, i) =>
      row(
        'jurisdiction.rule.appeal',
        t(locale, 'jurisdiction.appealStage', {
          n: i + 1,
          body: stage.body[locale],
          file: periodWords(locale, stage.file),
          decide: periodWords(locale, stage.decide),
        }),
        'appeals',
      ),
    ),
    row(
      'jurisdiction.rule.weekend',
      weekend
        .map((day) => t(locale, `weekday.${WEEKDAYS[day] ?? ''}`))
        .join(t(locale, 'list.separator')),
      'weekends',
    ),
    row(
      'jurisdiction.rule.closingTime',
      jurisdiction.closingTime ?? t(locale, 'jurisdiction.noClosingTime'),
      'closingTime',
    ),
  ];
}

/**
 * The line that says which rules a date was counted under, in the reader's
 * language: "The law's rules in force since 17 June 2007 (articles 9, 13, 17)".
 * The version's id stays available to machines (the API), not to this line.
 */
export function rulesLine(locale: Locale, jurisdiction: Jurisdiction, version: string): string {
  const rules = jurisdiction.rules.find((r) => r.version === version);
  if (!rules) return t(locale, 'jurisdiction.rulesUnknown', { version });
  const since = formatGregorian(rules.appliesFrom, locale, { region: jurisdiction.code });
  const articles = rules.articles
    .map((a) => articleLabel(locale, a))
    .join(t(locale, 'list.separator'));
  return articles
    ? t(locale, 'jurisdiction.rulesLineArticles', { since, articles })
    : t(locale, 'jurisdiction.rulesLine', { since });
}
