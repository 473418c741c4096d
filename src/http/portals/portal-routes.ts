import express, {
  type ErrorRequestHandler,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from 'express';
import type { Logger } from '../../platform/logger.ts';
import { agencyChoices } from '../../agencies/agency-store.ts';
import { recordSecurityEvent } from '../../security/security-log.ts';
import { AppError } from '../../errors.ts';
import type { JurisdictionRegistry } from '../../jurisdictions/jurisdiction-registry.ts';
import { requireRole } from '../middleware/auth.ts';
import { csrfToken } from '../middleware/csrf.ts';
import { flash, takeFlash } from '../middleware/flash.ts';
import { type Page } from '../../platform/keyset.ts';
import { formErrors } from '../middleware/validation.ts';
import { PortalError } from '../../portals/portal-errors.ts';
import type { RateLimits } from '../../platform/rate-limits.ts';
import {
  createPortal,
  listPortals,
  portalBody,
  revokePortal,
} from '../../portals/portal-service.ts';

/** What the intake needs beyond the request deps: its limits and settings. */
export interface PortalIntakeSettings {
  limits: Pick<RateLimits, 'portalSecretByIp'>;
  /** The largest body read, in bytes (PORTAL_BODY_LIMIT_MB; the spec's 20 MB of files is 27 MB in base64). */
  bodyLimitBytes: number;
  /** How many bodies one process reads at once (PORTAL_CONCURRENT_BODIES). */
  concurrentBodies: number;
}

/**
 * The portal intake's other paths (404) and its errors, in the spec's shape; the app mounts
 * them on `/api/portal` right after the intake's operation (portal-api.ts).
 */
export function portalIntakeErrors(
  settings: PortalIntakeSettings,
  logger: Logger,
): [RequestHandler, ErrorRequestHandler] {
  const notFound = (_req: Request, _res: Response, next: NextFunction) => {
    next(new PortalError(404, 'PORTAL.NOT_FOUND', 'not found', 'No such portal endpoint.'));
  };
  // A handler of four arguments, mounted in the app itself: Express passes an error to those only.
  const answer = (error: unknown, req: Request, res: Response, next: NextFunction) => {
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
  };
  return [notFound, answer];
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

/** The portals, a page at a time. */
export async function listedPortals(page?: Page) {
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
}

/** Who does it, for the security log. */
interface Actor {
  id: string | null;
  ip: string;
}

/** Creates a portal (its secret shown this once), in the security log. */
export async function createdPortal(actor: Actor, input: Parameters<typeof createPortal>[0]) {
  const portal = await createPortal(input, actor.id);
  await recordSecurityEvent({
    type: 'portal_created',
    actor: actor.id,
    ip: actor.ip,
    target: portal.id,
    data: { agencies: input.agencies },
  });
  return portal;
}

/** Revokes a portal, in the security log. */
export async function revokedPortal(actor: Actor, id: string): Promise<void> {
  await revokePortal(id, new Date());
  await recordSecurityEvent({ type: 'portal_revoked', actor: actor.id, ip: actor.ip, target: id });
}

/** Admins create and revoke portals on a page (the API's: portal-api.ts). */
export function portalAdminRoutes(registry: JurisdictionRegistry): Router {
  const router = express.Router();
  const admins = requireRole('admin');
  const actor = (req: Request): Actor => ({ id: req.user?.id ?? null, ip: req.ip ?? '' });
  const page = async (req: Request, res: Response, status = 200, extra = {}) => {
    const groups = await agencyChoices(registry, req.locale);
    res.status(status).render('portals/admin', {
      title: 'portal.admin.title',
      notice: takeFlash(req),
      csrf: csrfToken(req, res),
      portals: (await listedPortals()).items.map((p) => ({
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
      const portal = await createdPortal(actor(req), parsed.data);
      await page(req, res, 201, { createdPortal: { ...portal, name: parsed.data.name } });
    } catch (error) {
      if (!(error instanceof AppError) || !error.fields) throw error;
      await page(req, res, 422, { fields: formErrors(req.locale, error), values: body });
    }
  });
  router.post('/admin/portals/:id/revoke', admins, async (req, res) => {
    await revokedPortal(actor(req), String(req.params.id));
    flash(req, 'portal.admin.revoked');
    res.redirect(303, '/admin/portals');
  });
  return router;
}
