import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors.ts';
import { SESSION_COOKIE } from './session.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The session's CSRF token, created on first use (that also starts the session). */
export function csrfToken(req: Request, res?: Response): string {
  req.session.csrfToken ??= randomBytes(32).toString('base64url');
  if (res) res.locals.csrfToken = req.session.csrfToken;
  return req.session.csrfToken;
}

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Synchronizer-token CSRF protection for every state-changing request made
 * with the session cookie: the token comes in `X-CSRF-Token` (fetch and the
 * API) or the `_csrf` form field. Calls with `Authorization: Bearer` carry no
 * cookie credentials and are exempt, and so are JSON calls that carry no
 * session cookie (nothing to forge: they act for nobody; a cross-site form
 * cannot send JSON). The JSON login (`POST /api/v1/session`) is exempt too.
 */
export function csrfProtection(exempt: (req: Request) => boolean) {
  return (req: Request, res: Response, next: NextFunction): void => {
    res.locals.csrfToken = req.session.csrfToken;
    const cookies = req.cookies as Record<string, string | undefined>;
    const anonymousJson =
      cookies[SESSION_COOKIE] === undefined && req.is('application/json') === 'application/json';
    if (
      SAFE_METHODS.has(req.method) ||
      exempt(req) ||
      anonymousJson ||
      req.headers.authorization?.startsWith('Bearer ')
    ) {
      next();
      return;
    }
    const expected = req.session.csrfToken;
    const header = req.headers['x-csrf-token'];
    const body = (req.body as Record<string, unknown> | undefined)?._csrf;
    const given = typeof header === 'string' ? header : typeof body === 'string' ? body : undefined;
    if (!expected || !given || !same(expected, given)) {
      next(new AppError({ status: 403, code: 'CSRF.INVALID', messageKey: 'error.csrf.message' }));
      return;
    }
    next();
  };
}
