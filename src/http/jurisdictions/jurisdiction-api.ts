import { z } from 'zod';
import { AppError, NotFoundError } from '../../errors.ts';
import { listOverrides } from '../../jurisdictions/holiday-override-store.ts';
import {
  addHolidayOverride,
  removeHolidayOverride,
} from '../../requests/holiday-override-service.ts';
import type { RequestNotifier } from '../../requests/request-event-queue.ts';
import type { SessionUser } from '../../users/user-store.ts';
import { apiOperations, idParams, jurisdictionParams } from '../api/api-operation.ts';
import * as R from '../api/api-responses.ts';
import { followUpRecompute, jurisdictionNamed, overrideBody } from './holiday-override-routes.ts';
import { computeDeadline, DEADLINE_KINDS } from '../../jurisdictions/deadline-calculator.ts';
import { deadlineView, jurisdictionSummary } from './deadline-view.ts';
import type { JurisdictionCalendars } from '../../jurisdictions/jurisdiction-calendars.ts';
import type { JurisdictionRegistry } from '../../jurisdictions/jurisdiction-registry.ts';
import { rulesInForce } from '../../jurisdictions/jurisdiction-rules.ts';
import { isLocalDate, wallClock } from '../../time/local-date.ts';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

const deadlineQuery = z
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

/** What the countries' operations need: their rules and calendars, and the notifier. */
export interface JurisdictionApiDeps {
  jurisdictions: JurisdictionRegistry;
  calendars: JurisdictionCalendars;
  notifier: RequestNotifier;
}

const operation = apiOperations<JurisdictionApiDeps>();
const jurisdictionNotFound = () =>
  new NotFoundError('JURISDICTION.NOT_FOUND', 'jurisdiction.notFound');
const actorOf = (call: { user: SessionUser; ip: string }) => ({
  id: call.user.id,
  ip: call.ip || null,
});

/** The countries and their deadlines (public); holiday corrections (admins). */
export const JURISDICTION_API = [
  operation({
    method: 'get',
    path: '/api/v1/jurisdictions',
    tag: 'law',
    auth: 'public',
    summary: { en: 'Countries and their laws', ar: 'البلدان وقوانينها' },
    responses: { 200: R.Jurisdictions },
    handle: ({ deps }) => ({ jurisdictions: deps.jurisdictions.all().map(jurisdictionSummary) }),
  }),
  operation({
    method: 'get',
    path: '/api/v1/jurisdictions/:code/deadline',
    tag: 'law',
    auth: 'public',
    params: jurisdictionParams,
    query: deadlineQuery,
    summary: { en: 'A legal deadline, explained', ar: 'مهلة قانونية مع شرحها' },
    responses: { 200: R.Deadline },
    notFound: jurisdictionNotFound,
    handle: ({ deps, params, query }) => {
      const found = deps.calendars.get(params.code.toUpperCase());
      if (!found) throw jurisdictionNotFound();
      const { jurisdiction, calendar } = found;
      const rules = rulesInForce(
        jurisdiction,
        wallClock(query.received, jurisdiction.timeZone).date,
      );
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
      return deadlineView(outcome.answer, jurisdiction);
    },
  }),
  operation({
    method: 'get',
    path: '/api/v1/admin/jurisdictions/:code/holiday-overrides',
    tag: 'administration',
    auth: 'session',
    roles: ['admin'],
    params: jurisdictionParams,
    summary: { en: 'Holiday corrections of a country', ar: 'تصحيحات العطل لبلد' },
    responses: { 200: R.HolidayOverrides },
    notFound: jurisdictionNotFound,
    handle: async ({ deps, params }) => ({
      overrides: await listOverrides(jurisdictionNamed(deps.jurisdictions, params.code).code),
    }),
  }),
  // Each change recomputes the open requests' deadlines.
  operation({
    method: 'post',
    path: '/api/v1/admin/jurisdictions/:code/holiday-overrides',
    tag: 'administration',
    auth: 'session',
    roles: ['admin'],
    params: jurisdictionParams,
    body: overrideBody,
    summary: { en: 'Correct a holiday (due dates recomputed)', ar: 'تصحيح عطلة (تُعاد المهل)' },
    responses: { 201: R.HolidayOverrideChange },
    notFound: jurisdictionNotFound,
    handle: async (call) => {
      const { deps, params, body: input } = call;
      const { code } = jurisdictionNamed(deps.jurisdictions, params.code);
      const result = await addHolidayOverride(
        deps.calendars,
        code,
        { ...input, to: input.to ?? null, note: input.note ?? null },
        actorOf(call),
        new Date(),
      );
      return { ...result, recompute: await followUpRecompute(deps.notifier, result.recompute) };
    },
  }),
  operation({
    method: 'delete',
    path: '/api/v1/admin/jurisdictions/:code/holiday-overrides/:id',
    tag: 'administration',
    auth: 'session',
    roles: ['admin'],
    params: jurisdictionParams.extend(idParams.shape),
    summary: { en: 'Remove a holiday correction', ar: 'حذف تصحيح عطلة' },
    responses: { 200: R.HolidayOverrideChange },
    notFound: (req) =>
      jurisdictionParams.safeParse(req.params).success
        ? new NotFoundError('HOLIDAY_OVERRIDE.NOT_FOUND')
        : jurisdictionNotFound(),
    handle: async (call) => {
      const { deps, params } = call;
      const { code } = jurisdictionNamed(deps.jurisdictions, params.code);
      const now = new Date();
      const removed = await removeHolidayOverride(
        deps.calendars,
        code,
        params.id,
        actorOf(call),
        now,
      );
      return { recompute: await followUpRecompute(deps.notifier, removed) };
    },
  }),
];
