import express, { type Router } from 'express';
import type { JurisdictionRegistry } from '../jurisdictions/jurisdiction-registry.ts';
import { listActiveAgenciesByJurisdiction } from './agency-store.ts';

/** The home page: every jurisdiction that has agencies, with its agencies. */
export function agencyPages(jurisdictions: JurisdictionRegistry): Router {
  const router = express.Router();
  router.get('/', async (req, res) => {
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
    res.render('home', { title: 'home.title', sections });
  });
  return router;
}
