import { z } from 'zod';
import { isolate } from '../../i18n/i18n.ts';
import { pageQuery } from '../../platform/keyset.ts';
import { PortalError } from '../../portals/portal-errors.ts';
import { receivePortalRequest } from '../../portals/portal-intake.ts';
import { portalRequestBody } from '../../portals/portal-request-body.ts';
import { portalBody, portalServes } from '../../portals/portal-service.ts';
import type { RequestDeps } from '../../requests/request-service.ts';
import { AGENCY_CODE } from '../../agencies/agency-code.ts';
import { NotFoundError } from '../../errors.ts';
import { apiOperations, idParams } from '../api/api-operation.ts';
import * as R from '../api/api-responses.ts';
import { limitBodyDepth } from '../middleware/body-depth.ts';
import { boundedBody } from '../middleware/bounded-body.ts';
import { boundConcurrentBodies, checkPortalSecret, portalOf } from './portal-intake-guard.ts';
import {
  createdPortal,
  listedPortals,
  revokedPortal,
  type PortalIntakeSettings,
} from './portal-routes.ts';

/** What the portals' operations need: filing's deps, and the intake's limits. */
export interface PortalApiDeps extends Pick<RequestDeps, 'calendars' | 'notifier'> {
  portalIntake: PortalIntakeSettings;
}

const operation = apiOperations<PortalApiDeps>();
const portalNotFound = () => new NotFoundError('PORTAL.NOT_FOUND', 'portal.notFound');

/** A body the spec refuses, in its shape: the first ten problems, each with its field. */
function invalidPortalBody(error: z.ZodError, raw: unknown): PortalError {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return PortalError.badField('body', 'a JSON object, sent as Content-Type: application/json');
  const issues = error.issues.slice(0, 10);
  const name = (path: PropertyKey[]) => path.map(String).join('.') || 'body';
  return new PortalError(
    400,
    'PORTAL.INVALID_FIELD',
    `invalid field: ${name(issues[0]?.path ?? [])}`,
    issues.map((issue) => `${name(issue.path)}: ${issue.message}`).join('; '),
  );
}

/**
 * National portals push requests in (FOIA.gov agency API 1.1.0), and admins
 * manage the portals. The intake is served before the app's own body parsers
 * (their 100 kB would refuse a portal's files) and before sessions and CSRF:
 * a portal has no session, it sends its secret in `FOIA-API-SECRET`, checked
 * before a byte of the body is read (portal-intake-guard.ts). Every error of
 * the intake has the spec's shape (portal-routes.ts, `portalIntakeErrors`);
 * the fields the spec does not name are kept as the agency's own form fields.
 */
export const PORTAL_API = [
  operation({
    method: 'post',
    path: '/api/portal/components/:agencyCode/requests',
    tag: 'integration',
    auth: 'portal',
    params: z.object({ agencyCode: z.string().regex(AGENCY_CODE) }),
    body: portalRequestBody,
    summary: {
      en: 'A national portal pushes a request (FOIA.gov agency API 1.1.0)',
      // The API's name and version are written left to right, whole, in the Arabic sentence.
      ar: `بوابة وطنية ترسل طلبًا (واجهة ${isolate('FOIA.gov')} للجهات، الإصدار ${isolate('1.1.0')})`,
    },
    responses: { 200: R.PortalAccepted },
    errors: [413],
    middleware: ({ portalIntake: settings }) => [
      checkPortalSecret(settings.limits),
      boundConcurrentBodies(settings.concurrentBodies),
      boundedBody({ kind: 'json', limitBytes: settings.bodyLimitBytes, only: true }),
      limitBodyDepth,
    ],
    notFound: (req) => PortalError.agencyNotFound(String(req.params.agencyCode)),
    invalidBody: invalidPortalBody,
    handle: async ({ req, res, deps, params, body }) => {
      const portal = portalOf(res);
      const code = params.agencyCode;
      if (!portalServes(portal, code))
        throw new PortalError(
          403,
          'PORTAL.AGENCY_NOT_ALLOWED',
          'agency component not allowed',
          `This portal may not file requests to ${code}.`,
        );
      const raw = req.body as Record<string, unknown>;
      const result = await receivePortalRequest(deps, portal, code, raw, body, new Date());
      return { id: result.id, status_tracking_number: result.ref };
    },
  }),
  operation({
    method: 'get',
    path: '/api/v1/admin/portals',
    query: pageQuery,
    tag: 'integration',
    auth: 'session',
    roles: ['admin'],
    summary: { en: 'National portals', ar: 'البوابات الوطنية' },
    responses: { 200: R.Portals },
    handle: ({ query }) => listedPortals(query),
  }),
  operation({
    method: 'post',
    path: '/api/v1/admin/portals',
    tag: 'integration',
    auth: 'session',
    roles: ['admin'],
    body: portalBody,
    summary: {
      en: 'Add a national portal (its secret shown once)',
      ar: 'إضافة بوابة وطنية (يظهر رمزها مرة واحدة)',
    },
    responses: { 201: R.CreatedWithSecret },
    // The only time the secret is shown.
    handle: ({ user, body, ip }) => createdPortal({ id: user.id, ip }, body),
  }),
  operation({
    method: 'delete',
    path: '/api/v1/admin/portals/:id',
    tag: 'integration',
    auth: 'session',
    roles: ['admin'],
    params: idParams,
    summary: { en: 'Revoke a national portal', ar: 'إلغاء بوابة وطنية' },
    responses: { 204: 'empty' },
    notFound: portalNotFound,
    handle: ({ user, params, ip }) => revokedPortal({ id: user.id, ip }, params.id),
  }),
];
