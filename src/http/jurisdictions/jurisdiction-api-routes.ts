import express, { type Router } from 'express';
import { z } from 'zod';
import { AppError, NotFoundError } from '../../errors.ts';
import { parseQuery } from '../middleware/validation.ts';
import { computeDeadline, DEADLINE_KINDS } from '../../jurisdictions/deadline-calculator.ts';
import { deadlineView, jurisdictionSummary } from './deadline-view.ts';
import type { JurisdictionCalendars } from '../../jurisdictions/jurisdiction-calendars.ts';
import type { JurisdictionRegistry } from '../../jurisdictions/jurisdiction-registry.ts';
import { rulesInForce } from '../../jurisdictions/jurisdiction-rules.ts';
import { isLocalDate, wallClock } from '../../time/local-date.ts';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export const deadlineQuery = z
  .object({
    received: z
      .string('validation.required')
      .max(40, 'validation.instant')
      .regex(INSTANT, 'validation.instant')
      .refine((value) => !Number.isNaN(Date.parse(value)), 'validation.instant')
      .transform((value) => new Date(value)),
    kind: z.enum(DEADLINE_KINDS, 'validation.oneOf').default('response'),
    from: z.string().max(10, 'validation.date').refine(isLocalDate, 'validation.date').optional(),
  })
  .refine((query) => query.kind !== 'extension' || query.from !== undefined, {
    path: ['from'],
    error: 'validation.required',
  });

const code = z.string().regex(/^[A-Za-z]{2}$/);

/** `GET /api/v1/jurisdictions` and `GET /api/v1/jurisdictions/:code/deadline` (public). */
export function jurisdictionApi(
  registry: JurisdictionRegistry,
  calendars: JurisdictionCalendars,
): Router {
  const router = express.Router();
  router.get('/api/v1/jurisdictions', (_req, res) => {
    res.json({ jurisdictions: registry.all().map(jurisdictionSummary) });
  });
  router.get('/api/v1/jurisdictions/:code/deadline', (req, res) => {
    const parsedCode = code.safeParse(req.params.code);
    const found = parsedCode.success ? calendars.get(parsedCode.data.toUpperCase()) : undefined;
    if (!found) throw new NotFoundError('JURISDICTION.NOT_FOUND', 'jurisdiction.notFound');
    const query = parseQuery(deadlineQuery, req.query);
    const { jurisdiction, calendar } = found;
    const rules = rulesInForce(jurisdiction, wallClock(query.received, jurisdiction.timeZone).date);
    if (!rules)
      throw new AppError({
        status: 422,
        code: 'DEADLINE.NO_RULES',
        messageKey: 'deadline.error.responseUnknown',
      });
    const outcome = computeDeadline({
      kind: query.kind,
      rules,
      calendar,
      receivedAt: query.received,
      ...(query.from ? { from: query.from } : {}),
    });
    if (!outcome.ok) {
      throw new AppError({
        status: 422,
        code: `DEADLINE.${outcome.problem.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`,
        messageKey: `deadline.error.${outcome.problem}`,
      });
    }
    res.json(deadlineView(outcome.answer, jurisdiction));
  });
  return router;
}
