import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Logger } from '../../platform/logger.ts';
import { AGENCY_CODE } from '../../agencies/agency-code.ts';
import { agencyChoices } from '../../agencies/agency-store.ts';
import { recordSecurityEvent } from '../../security/security-log.ts';
import { AppError } from '../../errors.ts';
import type { JurisdictionRegistry } from '../../jurisdictions/jurisdiction-registry.ts';
import type { RequestDeps } from '../../requests/request-service.ts';
import { requireRole } from '../middleware/auth.ts';
import { limitBodyDepth } from '../middleware/body-depth.ts';
import { boundedBody } from '../middleware/bounded-body.ts';
import { csrfToken } from '../middleware/csrf.ts';
import { pageQuery, type Page } from '../../platform/keyset.ts';
import { formErrors, parseBody, parseQuery } from '../middleware/validation.ts';
import { PortalError } from '../../portals/portal-errors.ts';
import { boundConcurrentBodies, checkPortalSecret, portalOf } from './portal-intake-guard.ts';
import type { RateLimits } from '../../platform/rate-limits.ts';
import { receivePortalRequest } from '../../portals/portal-intake.ts';
import { portalRequestBody } from '../../portals/portal-request-body.ts';
import {
  createPortal,
  listPortals,
  portalBody,
  portalServes,
  revokePortal,
} from '../../portals/portal-service.ts';

/** The path a portal posts to: `/api/portal/components/<agency code>/requests`. */
const PORTAL_INTAKE_PATH = '/api/portal/components/:agencyCode/requests';

/** What the intake needs beyond the request deps: its limits and settings. */
export interface PortalIntakeSettings {
  limits: Pick<RateLimits, 'portalSecretByIp'>;
  /** The largest body read, in bytes (PORTAL_BODY_LIMIT_MB; the spec's 20 MB of files is 27 MB in base64). */
  bodyLimitBytes: number;
  /** How many bodies one process reads at once (PORTAL_CONCURRENT_BODIES). */
  concurrentBodies: number;
}

/**
 * National portals push requests in (FOIA.gov agency API 1.1.0). Mounted
 * before the app's own body parsers (their 100 kB would refuse a portal's
 * files) and before sessions and CSRF: a portal has no session, it sends its
 * secret in `FOIA-API-SECRET`, checked before a byte of the body is read
 * (portal-intake-guard.ts). Every error has the spec's shape.
 */
export function portalIntakeRoutes(
  deps: Pick<RequestDeps, 'calendars' | 'notifier'>,
  settings: PortalIntakeSettings,
  logger: Logger,
): Router {
  const router = express.Router();
  router.post(
    PORTAL_INTAKE_PATH,
    checkPortalSecret(settings.limits),
    boundConcurrentBodies(settings.concurrentBodies),
    boundedBody({ kind: 'json', limitBytes: settings.bodyLimitBytes, only: true }),
    limitBodyDepth,
    async (req: Request, res: Response) => {
      const portal = portalOf(res);
      const code = String(req.params.agencyCode);
      if (!AGENCY_CODE.test(code)) throw PortalError.agencyNotFound(code);
      if (!portalServes(portal, code))
        throw new PortalError(
          403,
          'PORTAL.AGENCY_NOT_ALLOWED',
          'agency component not allowed',
          `This portal may not file requests to ${code}.`,
        );
      const raw: unknown = req.body;
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
        throw PortalError.badField('body', 'a JSON object, sent as Content-Type: application/json');
      const parsed = portalRequestBody.safeParse(raw);
      if (!parsed.success) {
        const issues = parsed.error.issues.slice(0, 10);
        const name = (path: PropertyKey[]) => path.map(String).join('.') || 'body';
        throw new PortalError(
          400,
          'PORTAL.INVALID_FIELD',
          `invalid field: ${name(issues[0]?.path ?? [])}`,
          issues.map((issue) => `${name(issue.path)}: ${issue.message}`).join('; '),
        );
      }
      const result = await receivePortalRequest(
        deps,
        portal,
        code,
        raw as Record<string, unknown>,
        parsed.data,
        new Date(),
      );
      res.status(200).json({ id: result.id, status_tracking_number: result.ref });
    },
  );
  router.use('/api/portal', (_req: Request, _res: Response, next: NextFunction) => {
    next(new PortalError(404, 'PORTAL.NOT_FOUND', 'not found', 'No such portal endpoint.'));
  });
  router.use('/api/portal', (error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const known = portalErrorOf(error, settings.bodyLimitBytes);
    if (known.status >= 500)
      logger.error({ err: error, requestId: req.id }, 'a portal request failed');
    // Refused before its body was read (a wrong secret, too large, too many at once): the
    // connection is closed after the answer, so the rest of the body is never read.
    if (!req.complete) res.setHeader('Connection', 'close');
    res.set(known.headers);
    res.status(known.status).json(known.toJSON());
  });
  return router;
}

/** Any failure as the spec's error: ours, the body parser's, a typed app error, else a 500. */
function portalErrorOf(error: unknown, bodyLimitBytes: number): PortalError {
  if (error instanceof PortalError) return error;
  const parser = error as { type?: unknown; status?: unknown };
  if (parser.type === 'entity.too.large')
    return new PortalError(
      413,
      'PORTAL.TOO_LARGE',
      'request too large',
      `At most ${String(bodyLimitBytes)} bytes.`,
    );
  if (error instanceof URIError)
    return new PortalError(
      400,
      'PORTAL.BAD_URL',
      'malformed address',
      'The path is not valid UTF-8 percent-encoding.',
    );
  if (typeof parser.type === 'string' && parser.type.startsWith('entity.'))
    return new PortalError(
      400,
      'PORTAL.INVALID_JSON',
      'invalid JSON',
      'The body is not valid JSON.',
    );
  if (error instanceof AppError && error.status < 500)
    return new PortalError(
      error.status,
      error.code,
      error.code,
      Object.keys(error.fields ?? {}).join(', '),
    );
  return new PortalError(
    500,
    '500',
    'internal error',
    'The request was not recorded; send it again.',
  );
}

/** Admins create and revoke portals: the API and a page. */
export function portalAdminRoutes(registry: JurisdictionRegistry): Router {
  const router = express.Router();
  const admins = requireRole('admin');
  const me = (req: Request) => req.user?.id ?? null;
  const ip = (req: Request) => req.ip ?? '';
  const listed = async (page?: Page) => {
    const { items, next } = await listPortals(page);
    return {
      items: items.map((p) => ({
        id: p._id.toString(),
        name: p.name,
        agencies: p.agencies,
        createdAt: p.createdAt,
        revokedAt: p.revokedAt ?? null,
      })),
      next,
    };
  };
  const created = async (req: Request, input: Parameters<typeof createPortal>[0]) => {
    const portal = await createPortal(input, me(req));
    await recordSecurityEvent({
      type: 'portal_created',
      actor: me(req),
      ip: ip(req),
      target: portal.id,
      data: { agencies: input.agencies },
    });
    return portal;
  };
  const revoked = async (req: Request) => {
    await revokePortal(String(req.params.id), new Date());
    await recordSecurityEvent({
      type: 'portal_revoked',
      actor: me(req),
      ip: ip(req),
      target: String(req.params.id),
    });
  };

  router.get('/api/v1/admin/portals', admins, async (req, res) => {
    res.json(await listed(parseQuery(pageQuery, req.query)));
  });
  router.post('/api/v1/admin/portals', admins, async (req, res) => {
    // The only time the secret is shown.
    res.status(201).json(await created(req, parseBody(portalBody, req.body)));
  });
  router.delete('/api/v1/admin/portals/:id', admins, async (req, res) => {
    await revoked(req);
    res.status(204).end();
  });

  const page = async (req: Request, res: Response, status = 200, extra = {}) => {
    const groups = await agencyChoices(registry, req.locale);
    res.status(status).render('portals/admin', {
      title: 'portal.admin.title',
      csrf: csrfToken(req, res),
      portals: (await listed()).items.map((p) => ({
        ...p,
        agencyList: p.agencies.join(', '),
        createdOn: p.createdAt.toISOString().slice(0, 10),
      })),
      agencyGroups: groups,
      ...extra,
    });
  };
  router.get('/admin/portals', admins, async (req, res) => {
    await page(req, res);
  });
  router.post('/admin/portals', admins, async (req, res) => {
    const body = req.body as { name?: unknown; agencies?: unknown };
    const agencies = body.agencies === undefined ? [] : [body.agencies].flat();
    const parsed = portalBody.safeParse({ name: body.name, agencies });
    if (!parsed.success) {
      await page(req, res, 422, { fields: formErrors(req.locale, parsed.error), values: body });
      return;
    }
    try {
      const portal = await created(req, parsed.data);
      await page(req, res, 201, { createdPortal: { ...portal, name: parsed.data.name } });
    } catch (error) {
      if (!(error instanceof AppError) || !error.fields) throw error;
      await page(req, res, 422, { fields: formErrors(req.locale, error), values: body });
    }
  });
  router.post('/admin/portals/:id/revoke', admins, async (req, res) => {
    await revoked(req);
    res.redirect(303, '/admin/portals');
  });
  return router;
}
