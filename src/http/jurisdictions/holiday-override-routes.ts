import type { RequestNotifier } from '../../requests/request-event-queue.ts';
import type { RecomputeResult } from '../../requests/request-deadline-recompute.ts';
import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import { NotFoundError } from '../../errors.ts';
import { t } from '../../i18n/i18n.ts';
import { requireRole } from '../middleware/auth.ts';
import { csrfToken } from '../middleware/csrf.ts';
import { formErrors } from '../middleware/validation.ts';
import { listOverrides, refreshOverrides } from '../../jurisdictions/holiday-override-store.ts';
import {
  addHolidayOverride,
  removeHolidayOverride,
} from '../../requests/holiday-override-service.ts';
import { holidaysOfYear } from '../../jurisdictions/holidays.ts';
import type { JurisdictionCalendars } from '../../jurisdictions/jurisdiction-calendars.ts';
import type { JurisdictionRegistry } from '../../jurisdictions/jurisdiction-registry.ts';
import type { Jurisdiction } from '../../jurisdictions/jurisdiction-schema.ts';
import { isLocalDate } from '../../time/local-date.ts';

const date = z
  .string('validation.required')
  .max(10, 'validation.date')
  .refine(isLocalDate, 'validation.date');
const text = z.string().trim().max(200);

/** An override as admins send it; what each action needs is checked here. */
export const overrideBody = z
  .object({
    action: z.enum(['add', 'remove', 'move'], 'validation.oneOf'),
    date,
    to: z.preprocess((value) => (value === '' ? undefined : value), date.optional()),
    nameAr: text.optional(),
    nameEn: text.optional(),
    name: z.object({ ar: text, en: text }).optional(),
    status: z.enum(['confirmed', 'provisional'], 'validation.oneOf').default('confirmed'),
    note: z.string().trim().max(1000).optional(),
  })
  .transform(({ nameAr, nameEn, name, ...rest }) => {
    const ar = name?.ar ?? nameAr ?? '';
    const en = name?.en ?? nameEn ?? '';
    return { ...rest, name: ar && en ? { ar, en } : null };
  })
  .superRefine((value, ctx) => {
    if (value.action === 'move' && (!value.to || value.to === value.date)) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'validation.required' });
    }
    if (value.action === 'add' && !value.name) {
      ctx.addIssue({ code: 'custom', path: ['name'], message: 'validation.holidayName' });
    }
  });

/**
 * Reloads the holiday overrides before any page or API that computes a
 * deadline, so every web process sees an admin's change within
 * OVERRIDES_MAX_AGE_MS (and the process that made it at once).
 */
export function overridesRefresher(calendars: JurisdictionCalendars): Router {
  const router = express.Router();
  router.use(
    [
      '/api/v1/jurisdictions',
      '/api/v1/requests',
      '/requests',
      '/deadline-calculator',
      '/jurisdictions',
      '/admin/holidays',
      '/api/v1/admin/jurisdictions',
    ],
    async (_req, _res, next) => {
      await refreshOverrides(calendars, Date.now());
      next();
    },
  );
  return router;
}

/** The country a path names (`jo` or `JO`), or 404. */
export function jurisdictionNamed(registry: JurisdictionRegistry, code: string): Jurisdiction {
  const jurisdiction = registry.get(code.toUpperCase());
  if (!jurisdiction) throw new NotFoundError('JURISDICTION.NOT_FOUND', 'jurisdiction.notFound');
  return jurisdiction;
}

/**
 * After a holiday change: each moved due date is an event, so its reminders follow it (the
 * worker reschedules them). The answer names the requests by ref only.
 */
export async function followUpRecompute(notifier: RequestNotifier, recompute: RecomputeResult) {
  await Promise.all(
    recompute.changed.map((change) =>
      notifier.afterEvent(
        { _id: change.requestId },
        { type: 'deadline_recomputed', seq: change.seq },
      ),
    ),
  );
  return {
    ...recompute,
    changed: recompute.changed.map(({ ref, from, to }) => ({ ref, from, to })),
  };
}

/**
 * Admins correct holidays (add, move, remove, confirm) on the page `/admin/holidays/:code`
 * (the API's: jurisdiction-api.ts). Each change recomputes the open requests' deadlines.
 */
export function holidayOverrideRoutes(
  registry: JurisdictionRegistry,
  calendars: JurisdictionCalendars,
  notifier: RequestNotifier,
): Router {
  const router = express.Router();
  // Each route names its guard: nothing here guards the routers mounted after it.
  const admins = requireRole('admin');

  const actorOf = (req: Request) => ({ id: req.user?.id ?? null, ip: req.ip ?? null });
  const jurisdictionOf = (req: Request) => jurisdictionNamed(registry, String(req.params.code));
  const followUp = (recompute: RecomputeResult) => followUpRecompute(notifier, recompute);

  router.get('/admin/holidays', admins, (_req, res) => {
    res.redirect(303, '/admin/holidays/JO');
  });
  const renderPage = async (
    req: Request,
    status: number,
    extra: Record<string, unknown>,
    res: express.Response,
  ) => {
    const jurisdiction = jurisdictionOf(req);
    const year = Number(req.query.year ?? new Date().getUTCFullYear());
    const safeYear =
      Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : new Date().getUTCFullYear();
    const overrides = await listOverrides(jurisdiction.code);
    const holidays = [...holidaysOfYear(jurisdiction, safeYear, overrides).values()]
      .sort((a, b) => a.date.localeCompare(b.date))
      .map((holiday) => ({
        ...holiday,
        shown: req.formatIn(jurisdiction.code).dayWithHijri(holiday.date),
        provisional: holiday.status === 'provisional',
      }));
    res.status(status).render('jurisdictions/holidays-admin', {
      title: 'holidays.admin.title',
      csrf: csrfToken(req, res),
      jurisdiction,
      jurisdictions: registry
        .all()
        .map((j) => ({ code: j.code, name: j.name, current: j.code === jurisdiction.code })),
      year: safeYear,
      previousYear: safeYear - 1,
      nextYear: safeYear + 1,
      holidays,
      overrides: overrides.map((o) => ({
        ...o,
        actionLabel: t(req.locale, `holidays.action.${o.action}`),
      })),
      recomputed: req.query.recomputed,
      ...extra,
    });
  };
  router.get('/admin/holidays/:code', admins, async (req, res) => {
    await renderPage(req, 200, {}, res);
  });
  router.post('/admin/holidays/:code', admins, async (req, res) => {
    const { code } = jurisdictionOf(req);
    const parsed = overrideBody.safeParse(req.body);
    if (!parsed.success) {
      const fields = formErrors(req.locale, parsed.error);
      await renderPage(req, 422, { fields, values: req.body as unknown }, res);
      return;
    }
    const input = parsed.data;
    const { recompute } = await addHolidayOverride(
      calendars,
      code,
      { ...input, to: input.to ?? null, note: input.note ?? null },
      actorOf(req),
      new Date(),
    );
    await followUp(recompute);
    res.redirect(
      303,
      `/admin/holidays/${code}?year=${input.date.slice(0, 4)}&recomputed=${recompute.changed.length}`,
    );
  });
  router.post('/admin/holidays/:code/:id/delete', admins, async (req, res) => {
    const { code } = jurisdictionOf(req);
    const recompute = await followUp(
      await removeHolidayOverride(calendars, code, String(req.params.id), actorOf(req), new Date()),
    );
    res.redirect(303, `/admin/holidays/${code}?recomputed=${recompute.changed.length}`);
  });
  return router;
}
