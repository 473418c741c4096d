import express, { type Router } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../../errors.ts';
import type { JurisdictionRegistry } from '../../jurisdictions/jurisdiction-registry.ts';
import { agencySuggestions } from '../../requests/request-service.ts';
import { keysetPage, pageQuery, sortOf } from '../../platform/keyset.ts';
import { parseQuery } from '../middleware/validation.ts';
import { agencyPageOf } from '../../agencies/agency-store.ts';

export const agenciesQuery = pageQuery.extend({
  jurisdiction: z.string('validation.required').regex(/^[A-Z]{2}$/, 'validation.oneOf'),
  q: z.string().trim().max(2_000, 'validation.query').optional(),
});

/** `GET /api/v1/agencies?jurisdiction=&q=`: a jurisdiction's agencies, or with `q` the suggestions, best first. */
export function agencyApi(jurisdictions: JurisdictionRegistry): Router {
  const router = express.Router();
  router.get('/api/v1/agencies', async (req, res) => {
    const query = parseQuery(agenciesQuery, req.query);
    if (!jurisdictions.get(query.jurisdiction))
      throw new NotFoundError('JURISDICTION.NOT_FOUND', 'jurisdiction.notFound');
    if (query.q) {
      res.json({ items: await agencySuggestions(query.jurisdiction, query.q, 10) });
      return;
    }
    // By code, a page at a time (`{jurisdiction, active, code}` index).
    const sort = [['code', 1]] as const;
    const { items, next } = await keysetPage(
      (where, limit) => agencyPageOf(where, sortOf(sort), limit),
      { jurisdiction: query.jurisdiction, active: true },
      sort,
      query,
    );
    res.json({
      items: items.map((a) => ({ code: a.code, name: a.name, parent: a.parent ?? null })),
      next,
    });
  });
  return router;
}
