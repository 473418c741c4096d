import { z } from 'zod';
import { NotFoundError } from '../../errors.ts';
import type { JurisdictionRegistry } from '../../jurisdictions/jurisdiction-registry.ts';
import { agencySuggestions } from '../../requests/request-service.ts';
import { keysetPage, pageQuery, sortOf } from '../../platform/keyset.ts';
import { re2Refusal } from '../../text/re2-pattern.ts';
import { assertRulesInScope, replaceAgencyRules } from '../../agencies/agency-redaction-rules.ts';
import { agencyParams, apiOperations, MANAGERS } from '../api/api-operation.ts';
import * as R from '../api/api-responses.ts';
import { agencyPageOf } from '../../agencies/agency-store.ts';

const agenciesQuery = pageQuery.extend({
  jurisdiction: z.string('validation.required').regex(/^[A-Z]{2}$/, 'validation.oneOf'),
  q: z.string().trim().max(2_000, 'validation.query').optional(),
});

/**
 * A pattern RE2 takes (it runs in linear time: src/text/re2-pattern.ts), at most
 * 200 characters. Look-around and back-references are not RE2's.
 */
const pattern = z
  .string('validation.redactionPattern')
  .min(2, 'validation.redactionPattern')
  .max(200, 'validation.redactionPattern')
  .refine((source) => re2Refusal(source) === null, 'validation.redactionPattern');

const rulesBody = z.object({
  rules: z
    .array(
      z.object({
        id: z.string('validation.oneOf').regex(/^[a-z0-9-]{2,40}$/, 'validation.oneOf'),
        pattern,
      }),
    )
    .max(20, 'validation.redactionPattern'),
});

/** What the agencies' operations need: the countries. */
export interface AgencyApiDeps {
  jurisdictions: JurisdictionRegistry;
}

const operation = apiOperations<AgencyApiDeps>();

/** A country's agencies (public), and an agency's own redaction rules (its admins). */
export const AGENCY_API = [
  operation({
    method: 'get',
    path: '/api/v1/agencies',
    tag: 'law',
    auth: 'public',
    query: agenciesQuery,
    summary: {
      en: 'A country’s agencies, or those a text suggests',
      ar: 'جهات بلد، أو ما يقترحه نص',
    },
    responses: { 200: R.Agencies },
    handle: async ({ deps, query }) => {
      if (!deps.jurisdictions.get(query.jurisdiction))
        throw new NotFoundError('JURISDICTION.NOT_FOUND', 'jurisdiction.notFound');
      if (query.q) return { items: await agencySuggestions(query.jurisdiction, query.q, 10) };
      // By code, a page at a time (`{jurisdiction, active, code}` index).
      const sort = [['code', 1]] as const;
      const { items, next } = await keysetPage(
        (where, limit) => agencyPageOf(where, sortOf(sort), limit),
        { jurisdiction: query.jurisdiction, active: true },
        sort,
        query,
      );
      return {
        items: items.map((a) => ({ code: a.code, name: a.name, parent: a.parent ?? null })),
        next,
      };
    },
  }),
  /**
   * An agency's own redaction patterns (its file numbers, its staff codes…), applied with
   * the global and national rules before anything is published. Admins, or the agency's own
   * agency admins (src/agencies/agency-redaction-rules.ts).
   */
  operation({
    method: 'put',
    path: '/api/v1/admin/agencies/:code/redaction-rules',
    tag: 'administration',
    auth: 'session',
    roles: MANAGERS,
    params: agencyParams,
    body: rulesBody,
    summary: { en: 'An agency’s redaction rules', ar: 'قواعد الحجب لجهة' },
    responses: { 200: R.RulesSaved },
    notFound: () => new NotFoundError('AGENCY.NOT_FOUND', 'agency.notFound'),
    handle: async ({ user, params, body, ip }) => {
      await assertRulesInScope(user, params.code);
      await replaceAgencyRules(user, params.code, body.rules, ip || null);
      return { code: params.code, rules: body.rules };
    },
  }),
];
