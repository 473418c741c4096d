import express, { type Router } from 'express';
import { z } from 'zod';
import { requireRole, signedInUser } from '../middleware/auth.ts';
import { parseBody } from '../middleware/validation.ts';
import { re2Refusal } from '../../text/re2-pattern.ts';
import { assertRulesInScope, replaceAgencyRules } from '../../agencies/agency-redaction-rules.ts';

/**
 * A pattern RE2 takes (it runs in linear time: src/text/re2-pattern.ts), at most
 * 200 characters. Look-around and back-references are not RE2's.
 */
const pattern = z
  .string('validation.redactionPattern')
  .min(2, 'validation.redactionPattern')
  .max(200, 'validation.redactionPattern')
  .refine((source) => re2Refusal(source) === null, 'validation.redactionPattern');

export const rulesBody = z.object({
  rules: z
    .array(
      z.object({
        id: z.string('validation.oneOf').regex(/^[a-z0-9-]{2,40}$/, 'validation.oneOf'),
        pattern,
      }),
    )
    .max(20, 'validation.redactionPattern'),
});

/**
 * `PUT /api/v1/admin/agencies/:code/redaction-rules {rules: [{id, pattern}]}`:
 * an agency's own redaction patterns (its file numbers, its staff codes…),
 * applied with the global and national rules before anything is published.
 * Admins, or the agency's own agency admins (src/agencies/agency-redaction-rules.ts).
 */
export function agencyAdminApi(): Router {
  const router = express.Router();
  router.put(
    '/api/v1/admin/agencies/:code/redaction-rules',
    requireRole('admin', 'agency_admin'),
    async (req, res) => {
      const user = signedInUser(req);
      const code = String(req.params.code);
      await assertRulesInScope(user, code);
      const { rules } = parseBody(rulesBody, req.body);
      await replaceAgencyRules(user, code, rules, req.ip ?? null);
      res.json({ code, rules });
    },
  );
  return router;
}
