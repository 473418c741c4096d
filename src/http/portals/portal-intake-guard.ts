import type { NextFunction, Request, RequestHandler, Response } from 'express';
import {
  blockedFor,
  consume,
  policyOf,
  TooManyRequestsError,
  type RateLimits,
} from '../../platform/rate-limits.ts';
import { PortalError } from '../../portals/portal-errors.ts';
import type { Portal } from '../../portals/portal-model.ts';
import { portalBySecret } from '../../portals/portal-service.ts';

/**
 * What stands before a portal's body is read (issue 30): its secret, checked
 * from the headers alone (a wrong one is answered before a byte of the body
 * is read, and the connection closed); failed secrets counted per address;
 * and a bound on how many bodies one process reads at once. The byte limit
 * (PORTAL_BODY_LIMIT_MB) is the body parser's, from Content-Length first,
 * then while the body streams.
 */

/** The portal whose secret the request carried, once checked. */
export const portalOf = (res: Response): Portal => res.locals.portal as Portal;

/**
 * Checks `FOIA-API-SECRET`: 401 when missing, 403 when it matches no live
 * portal, 429 once an address has failed too often (`limits.portalSecretByIp`).
 */
export function checkPortalSecret(limits: Pick<RateLimits, 'portalSecretByIp'>): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const address = req.ip ?? 'unknown';
    const wait = await blockedFor(limits.portalSecretByIp, address);
    if (wait > 0) throw PortalError.tooManyFailures(wait, policyOf(limits.portalSecretByIp));
    const secret = req.get('FOIA-API-SECRET');
    const portal = secret ? await portalBySecret(secret) : null;
    if (!portal) {
      // Counted per address; the failure past the limit is answered 429 (Redis down: 503).
      try {
        await consume(limits.portalSecretByIp, address);
      } catch (error) {
        if (error instanceof TooManyRequestsError && error.policy)
          throw PortalError.tooManyFailures(error.retryAfterSeconds, error.policy);
        throw error;
      }
      throw secret
        ? new PortalError(
            403,
            'PORTAL.SECRET_WRONG',
            'API security token not matched',
            'The FOIA-API-SECRET header does not match a live portal.',
          )
        : new PortalError(
            401,
            'PORTAL.SECRET_MISSING',
            'API security token missing',
            'Send the FOIA-API-SECRET header with the secret this portal was given.',
          );
    }
    res.locals.portal = portal;
    next();
  };
}

/**
 * At most `max` portal bodies read at once by this process; past that, 503
 * with Retry-After before the body is read. A slot is given back when the
 * answer is over (or the connection is cut).
 */
export function boundConcurrentBodies(max: number): RequestHandler {
  let reading = 0;
  return (_req: Request, res: Response, next: NextFunction) => {
    if (reading >= max) throw PortalError.busy();
    reading += 1;
    res.once('close', () => {
      reading -= 1;
    });
    next();
  };
}
