import express, { type Router } from 'express';
import { NotFoundError } from '../../errors.ts';
import type { JurisdictionCalendars } from '../../jurisdictions/jurisdiction-calendars.ts';
import type { JurisdictionRegistry } from '../../jurisdictions/jurisdiction-registry.ts';
import { acceptsFiling, currentRules } from '../../jurisdictions/jurisdiction-rules.ts';
import { ruleRows, rulesLine } from './jurisdiction-view.ts';
import { articleLabel } from '../../jurisdictions/article-label.ts';
import { holidaysOfYear } from '../../jurisdictions/holidays.ts';
import { listOverrides } from '../../jurisdictions/holiday-override-store.ts';

/** Public pages: every jurisdiction, and one jurisdiction's rules with what is not yet verified. */
export function jurisdictionPages(
  registry: JurisdictionRegistry,
  calendars: JurisdictionCalendars,
): Router {
  const router = express.Router();
  router.get('/jurisdictions', (req, res) => {
    const jurisdictions = registry.all().map((j) => ({
      code: j.code,
      name: j.name[req.locale],
      reference: j.reference,
      open: acceptsFiling(currentRules(j)),
    }));
    res.render('jurisdictions/list', { title: 'jurisdictions.title', jurisdictions });
  });
  router.get('/jurisdictions/:code', async (req, res) => {
    const jurisdiction = registry.get(req.params.code.toUpperCase());
    if (!jurisdiction || !calendars.get(jurisdiction.code))
      throw new NotFoundError('JURISDICTION.NOT_FOUND', 'jurisdiction.notFound');
    const year = new Date().getUTCFullYear();
    const voice = req.formatIn(jurisdiction.code);
    const { digits } = voice;
    const holidays = [
      ...holidaysOfYear(jurisdiction, year, await listOverrides(jurisdiction.code)).values(),
    ]
      .sort((a, b) => a.date.localeCompare(b.date))
      .map((holiday) => ({
        name: holiday.name[req.locale],
        shown: voice.dayWithHijri(holiday.date),
        provisional: holiday.status === 'provisional',
      }));
    const rules = currentRules(jurisdiction);
    res.render('jurisdictions/show', {
      title: 'jurisdictions.title',
      jurisdiction,
      rulesLine: digits(rulesLine(req.locale, jurisdiction, rules.version)),
      open: acceptsFiling(rules),
      rows: ruleRows(jurisdiction, req.locale).map((row) => ({ ...row, value: digits(row.value) })),
      exemptions: rules.exemptions.map((e) => ({
        label: articleLabel(req.locale, e.article),
        text: e.text[req.locale],
      })),
      holidays,
      year,
    });
  });
  return router;
}
