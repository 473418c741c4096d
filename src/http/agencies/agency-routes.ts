import express, { type Router } from 'express';
import { NotFoundError } from '../../errors.ts';
import { csrfToken } from '../middleware/csrf.ts';
import { label } from '../../i18n/i18n.ts';
import { currentRules } from '../../jurisdictions/jurisdiction-rules.ts';
import { responsePeriod } from '../../jurisdictions/deadline.ts';
import { periodWords } from '../jurisdictions/jurisdiction-view.ts';
import { latestPublished } from '../../requests/request-reads.ts';
import type { JurisdictionCalendars } from '../../jurisdictions/jurisdiction-calendars.ts';
import type { JurisdictionRegistry } from '../../jurisdictions/jurisdiction-registry.ts';
import { selectStats, statsReport } from '../../stats/stats-service.ts';
import { publicFigures } from '../../stats/public-figures.ts';
import {
  findActiveAgency,
  findAgency,
  listActiveAgenciesByJurisdiction,
} from '../../agencies/agency-store.ts';

/** Published requests an agency's page lists. */
const LATEST = 10;

/** The directory of agencies (every jurisdiction with its agencies) and each agency's public page. */
export function agencyPages(
  jurisdictions: JurisdictionRegistry,
  calendars: JurisdictionCalendars,
): Router {
  const router = express.Router();
  router.get('/agencies', async (req, res) => {
    const groups = await listActiveAgenciesByJurisdiction();
    const sections = jurisdictions
      .all()
      .filter((jurisdiction) => groups.has(jurisdiction.code))
      .map((jurisdiction) => ({
        jurisdiction,
        agencies: (groups.get(jurisdiction.code) ?? []).map((agency) => ({
          code: agency.code,
          name: agency.name?.[req.locale] ?? agency.code,
          contactEmail: agency.contactEmail,
        })),
      }));
    res.render('agencies/index', { title: 'directory.title', sections });
  });

  // The public subset of the statistics over the last twelve months.
  router.get('/agencies/:code', async (req, res) => {
    const code = req.params.code;
    const agency = await findActiveAgency(code);
    if (!agency) throw new NotFoundError('AGENCY.NOT_FOUND', 'agency.notFound');
    const now = new Date();
    // Always the public subset, whoever asks: this page is the agency's public face.
    const selection = await selectStats({ calendars }, undefined, { agency: code }, now);
    const figures = (await statsReport({ calendars }, selection, now)).totals;
    const jurisdiction = jurisdictions.get(agency.jurisdiction);
    const [parent, latest] = await Promise.all([
      agency.parent ? findAgency(agency.parent) : undefined,
      latestPublished(
        { agency: code },
        { ref: 1, publicText: 1, status: 1, outcome: 1, receivedAt: 1 },
        LATEST,
      ),
    ]);
    const rules = jurisdiction ? currentRules(jurisdiction) : undefined;
    const response = rules ? responsePeriod(rules) : undefined;
    // The agency's country writes its dates and numbers (country-format.ts).
    const voice = req.formatIn(agency.jurisdiction);
    res.render('agencies/show', {
      title: 'agency.page.title',
      name: agency.name?.[req.locale] ?? code,
      code,
      contactEmail: agency.contactEmail,
      jurisdictionName: jurisdiction?.name[req.locale] ?? agency.jurisdiction,
      jurisdictionCode: agency.jurisdiction,
      range: { from: voice.day(selection.from), to: voice.day(selection.to) },
      figures: publicFigures(voice, figures),
      overdue: figures.overdueNow > 0,
      parent: parent ? { code: parent.code, name: parent.name[req.locale] } : null,
      // How to ask this agency, and what the law gives it to answer.
      period: response ? voice.digits(periodWords(req.locale, response)) : null,
      latest: latest.map((doc) => ({
        ref: doc.ref,
        subject: doc.publicText?.subject ?? '',
        status: label(req.locale, 'status', doc.status),
        outcome: label(req.locale, 'outcome', doc.outcome),
        received: voice.shortDay(doc.receivedAt),
      })),
      feed: `/feeds/agencies/${code}.atom`,
      csrf: csrfToken(req, res),
    });
  });
  return router;
}
