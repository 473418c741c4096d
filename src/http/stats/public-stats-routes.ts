import express, { type Router } from 'express';
import { NotFoundError } from '../../errors.ts';
import type { Locale } from '../../i18n/i18n.ts';
import { numeralsFor, type Numerals } from '../../i18n/numerals.ts';
import { formatGregorian } from '../../jurisdictions/date-format.ts';
import type { JurisdictionRegistry } from '../../jurisdictions/jurisdiction-registry.ts';
import type { Jurisdiction } from '../../jurisdictions/jurisdiction-schema.ts';
import { publicFigures } from '../../stats/public-figures.ts';
import { selectStats, statsReport, type StatsDeps } from '../../stats/stats-service.ts';

const JURISDICTION_CODE = /^[A-Z]{2}$/;

/**
 * The public figures of `countries` over the last twelve months (the public subset, whoever
 * asks), in `locale` and the reader's digits: the statistics page and the start page.
 */
export async function countryRecords(
  deps: StatsDeps,
  countries: readonly Jurisdiction[],
  locale: Locale,
  digits: Numerals | undefined,
  now: Date,
) {
  return Promise.all(
    countries.map(async (jurisdiction) => {
      const selection = await selectStats(
        deps,
        undefined,
        { jurisdiction: jurisdiction.code },
        now,
      );
      const { totals } = await statsReport(deps, selection, now);
      return {
        code: jurisdiction.code,
        name: jurisdiction.name[locale],
        received: totals.received,
        figures: publicFigures(locale, totals, numeralsFor(locale, undefined, digits)),
      };
    }),
  );
}

/**
 * The visitors' statistics (DESIGN §8, the public subset, whoever asks): every
 * country with its totals, and a country's agencies, each with received,
 * answered and not answered beside its on-time rate.
 */
export function publicStatsPages(
  deps: StatsDeps & { jurisdictions: JurisdictionRegistry },
): Router {
  const router = express.Router();

  router.get('/statistics', async (req, res) => {
    const all = deps.jurisdictions.all();
    const countries = await countryRecords(deps, all, req.locale, req.numerals, new Date());
    res.render('stats/index', { title: 'stats.public.title', countries });
  });

  router.get('/statistics/:jurisdiction', async (req, res) => {
    const code = req.params.jurisdiction;
    const jurisdiction = JURISDICTION_CODE.test(code) ? deps.jurisdictions.get(code) : undefined;
    if (!jurisdiction) throw new NotFoundError('JURISDICTION.NOT_FOUND', 'jurisdiction.notFound');
    const now = new Date();
    const selection = await selectStats(deps, undefined, { jurisdiction: code }, now);
    const report = await statsReport(deps, selection, now);
    const name = jurisdiction.name[req.locale];
    const numerals = numeralsFor(req.locale, jurisdiction.numerals, req.numerals);
    const arabicDigits = numerals === 'arab';
    res.render('stats/country', {
      title: 'stats.public.title',
      heading: { country: name },
      caption: {
        country: name,
        from: formatGregorian(selection.from, req.locale, { region: code, arabicDigits }),
        to: formatGregorian(selection.to, req.locale, { region: code, arabicDigits }),
      },
      code,
      agencies: report.agencies
        .filter((line) => line.received > 0)
        .map((line) => ({
          code: line.agency.code,
          name: line.agency.name[req.locale],
          figures: publicFigures(req.locale, line, numerals),
        }))
        .sort((a, b) => a.name.localeCompare(b.name, req.locale)),
      totals: publicFigures(req.locale, report.totals, numerals),
    });
  });
  return router;
}
