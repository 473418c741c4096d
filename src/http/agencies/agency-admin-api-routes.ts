import express, { type Router } from 'express';
import { z } from 'zod';
import { recordSecurityEvent } from '../../security/security-log.ts';
import { NotFoundError } from '../../errors.ts';
import type { SessionUser } from '../../users/user-store.ts';
import { requireRole } from '../middleware/auth.ts';
import { parseBody } from '../middleware/validation.ts';
import { re2Refusal } from '../../text/re2-pattern.ts';
import { forgetAgencies } from '../../agencies/agency-directory.ts';
import { AGENCY_CODE, AgencyModel } from '../../agencies/agency-model.ts';

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
 * Admins, or the agency's own agency admins; recorded in the security log.
 */
export function agencyAdminApi(): Router {
  const router = express.Router();
  router.put(
    '/api/v1/admin/agencies/:code/redaction-rules',
    requireRole('admin', 'agency_admin'),
    async (req, res) => {
      const user = req.user as SessionUser;
      const code = String(req.params.code);
      // An agency outside the caller's scope is "not found", as elsewhere (DESIGN §7).
      const inScope = user.roles.includes('admin') || user.agency === code;
      const agency =
        inScope && AGENCY_CODE.test(code)
          ? await AgencyModel.findOne({ code }, { code: 1 }).lean()
          : null;
      if (!agency) throw new NotFoundError('AGENCY.NOT_FOUND', 'agency.notFound');
      const { rules } = parseBody(rulesBody, req.body);
      await AgencyModel.updateOne({ code }, { $set: { redactionRules: rules } });
      forgetAgencies();
      await recordSecurityEvent({
        type: 'redaction_rules_changed',
        actor: user.id,
        ip: req.ip ?? null,
        target: code,
        data: { rules: rules.map((r) => r.id) },
      });
      res.json({ code, rules });
    },
  );
  return router;
}
