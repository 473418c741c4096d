import express, { type Router } from 'express';
import { NotFoundError } from '../../errors.ts';
import type { CountryFormat } from '../../jurisdictions/country-format.ts';
import type { JurisdictionRegistry } from '../../jurisdictions/jurisdiction-registry.ts';
import type { Jurisdiction } from '../../jurisdictions/jurisdiction-schema.ts';
import { publicFigures } from '../../stats/public-figures.ts';
import { selectStats, statsReport, type StatsDeps } from '../../stats/stats-service.ts';

const JURISDICTION_CODE = /^[A-Z]{2}$/;

/**
 * The public figures of `countries` over the last twelve months (the public subset, whoever
 * asks), each written as its country writes them for this reader (`formatIn`): the
 * statistics page and the start page.
 */
export async function countryRecords(
  deps: StatsDeps,
  countries: readonly Jurisdiction[],
  formatIn: (country: string) => CountryFormat,
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
        name: jurisdiction.name[formatIn(jurisdiction.code).locale],
        received: totals.received,
        figures: publicFigures(formatIn(jurisdiction.code), totals),
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
    const countries = await countryRecords(deps, all, req.formatIn, new Date());
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
    const voice = req.formatIn(code);
    res.render('stats/country', {
      title: 'stats.public.title',
      heading: { country: name },
      caption: {
        country: name,
        from: voice.day(selection.from),
        to: voice.day(selection.to),
      },
      code,
      agencies: report.agencies
        .filter((line) => line.received > 0)
        .map((line) => ({
          code: line.agency.code,
          name: line.agency.name[req.locale],
          figures: publicFigures(voice, line),
        }))
        .sort((a, b) => a.name.localeCompare(b.name, req.locale)),
      totals: publicFigures(voice, report.totals),
    });
  });
  return router;
}
