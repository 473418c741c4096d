import { t } from '../i18n/i18n.ts';
import type { CountryFormat } from '../jurisdictions/country-format.ts';
import type { PublishedFigures } from './figure-totals.ts';

/**
 * An agency's (or a country's) record as visitors read it: how many requests
 * came, how many are answered and how many are not, and the on-time rate with
 * what it rests on, so that "100 %" never hides that 2 of 11 were answered. Pure.
 */
export function publicFigures(voice: CountryFormat, figures: PublishedFigures) {
  const { locale } = voice;
  const count = (value: number) => voice.number(value);
  // Received in the period and neither answered nor withdrawn: still waiting (or refused by silence).
  const notAnswered = Math.max(0, figures.received - figures.answered - figures.withdrawn);
  return {
    received: count(figures.received),
    answered: count(figures.answered),
    notAnswered: count(notAnswered),
    overdueNow: count(figures.overdueNow),
    onTime:
      figures.onTimeRate === null
        ? t(locale, 'stats.public.noAnswerYet')
        : t(locale, 'stats.public.onTime', {
            rate: voice.percent(figures.onTimeRate),
            onTime: count(figures.answeredOnTime),
            answered: count(figures.answered),
          }),
    medianDays: figures.medianDays === null ? '—' : voice.number(figures.medianDays),
  };
}
