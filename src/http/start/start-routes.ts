import express, { type Router } from 'express';
import { agencyNames, jurisdictionsWithAgencies } from '../../agencies/agency-store.ts';
import { label, t } from '../../i18n/i18n.ts';
import type { JurisdictionRegistry } from '../../jurisdictions/jurisdiction-registry.ts';
import { acceptsFiling, currentRules } from '../../jurisdictions/jurisdiction-rules.ts';
import { latestAnswers } from '../../requests/request-reads.ts';
import type { StatsDeps } from '../../stats/stats-service.ts';
import { ruleRows } from '../jurisdictions/jurisdiction-view.ts';
import { countryRecords } from '../stats/public-stats-routes.ts';

/** Published answers the start page shows. */
const LATEST = 5;

/**
 * The start page (GOV.UK's start pages are the model): what Haqq is in one sentence, a
 * search, the way to make a request, how it works in three steps with each country's period,
 * the latest published answers and each country's record. The agencies are at `/agencies`.
 */
export function startPage(deps: StatsDeps & { jurisdictions: JurisdictionRegistry }): Router {
  const router = express.Router();
  router.get('/', async (req, res) => {
    const { locale } = req;
    const now = new Date();
    // Only the countries with an agency: there is nothing to ask, or to count, elsewhere.
    const open = await jurisdictionsWithAgencies();
    const countries = deps.jurisdictions.all().filter((j) => open.has(j.code));
    const [records, answers] = await Promise.all([
      countryRecords(deps, countries, req.formatIn, now),
      latestAnswers(
        {
          ref: 1,
          agency: 1,
          jurisdiction: 1,
          outcome: 1,
          answeredAt: 1,
          receivedAt: 1,
          'publicText.subject': 1,
        },
        LATEST,
      ),
    ]);
    const names = await agencyNames(answers.map((answer) => answer.agency));
    // The countries where a request can be filed, each with the period its law gives.
    const periods = countries
      .filter((j) => acceptsFiling(currentRules(j)))
      .map((jurisdiction) => {
        const [response] = ruleRows(jurisdiction, locale);
        return {
          code: jurisdiction.code,
          name: jurisdiction.name[locale],
          period: req.formatIn(jurisdiction.code).digits(response?.value ?? ''),
          unverified: response?.unverified ?? false,
        };
      });
    res.render('start', {
      title: 'start.title',
      periods,
      answers: answers.map((answer) => ({
        ref: answer.ref,
        subject: answer.publicText?.subject ?? '',
        agency: names.get(answer.agency)?.[locale] ?? answer.agency,
        outcome: answer.outcome ? label(locale, 'outcome', answer.outcome) : null,
        answered: req
          .formatIn(answer.jurisdiction)
          .shortDay(answer.answeredAt ?? answer.receivedAt),
      })),
      records: records.map((record) => ({
        ...record,
        line:
          record.received === 0
            ? t(locale, 'start.recordNone')
            : t(locale, 'start.recordLine', {
                received: record.figures.received,
                onTime: record.figures.onTime,
              }),
      })),
    });
  });
  return router;
}
