import { t, type Locale } from '../i18n/i18n.ts';
import { withNumerals, type Numerals } from '../i18n/numerals.ts';
import type { PublishedFigures } from './figure-totals.ts';
import { formatFigure } from './stats-tables.ts';

/**
 * An agency's (or a country's) record as visitors read it: how many requests
 * came, how many are answered and how many are not, and the on-time rate with
 * what it rests on, so that "100 %" never hides that 2 of 11 were answered. Pure.
 */
export function publicFigures(
  locale: Locale,
  figures: PublishedFigures,
  numerals: Numerals = 'latn',
) {
  const shown = publicFigureTexts(locale, figures);
  return Object.fromEntries(
    Object.entries(shown).map(([key, text]) => [key, withNumerals(text, numerals)]),
  ) as typeof shown;
}

function publicFigureTexts(locale: Locale, figures: PublishedFigures) {
  const count = (value: number) => formatFigure(locale, 'count', value);
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
            rate: formatFigure(locale, 'rate', figures.onTimeRate),
            onTime: count(figures.answeredOnTime),
            answered: count(figures.answered),
          }),
    medianDays: formatFigure(locale, 'days', figures.medianDays),
  };
}
