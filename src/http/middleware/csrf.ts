import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../../errors.ts';
import { SESSION_COOKIE } from './session.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The anonymous visitor's CSRF token (double-submit), so a form page starts no session. */
const CSRF_COOKIE = 'haqq.csrf';
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const newToken = () => randomBytes(32).toString('base64url');

/** The token a state-changing request must echo: the session's, or an anonymous visitor's cookie. */
function expectedToken(req: Request): string | undefined {
  if (req.session.csrfToken) return req.session.csrfToken;
  if (req.user) return undefined;
  const cookie = (req.cookies as Record<string, string | undefined>)[CSRF_COOKIE];
  return cookie && TOKEN.test(cookie) ? cookie : undefined;
}

/**
 * The CSRF token for a form or an API client. A signed-in user's lives in the
 * session; an anonymous visitor's in an HttpOnly SameSite cookie (set here on
 * first use), so reading a form page stores nothing in Redis.
 */
export function csrfToken(req: Request, res: Response): string {
  let token = expectedToken(req);
  if (!token) {
    token = newToken();
    if (req.user) req.session.csrfToken = token;
    else
      res.cookie(CSRF_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: req.secure,
        path: '/',
      });
  }
  res.locals.csrfToken = token;
  return token;
}

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Whether `given` is the token this request must echo. */
export function csrfTokenMatches(req: Request, given: unknown): boolean {
  const expected = expectedToken(req);
  return expected !== undefined && typeof given === 'string' && same(expected, given);
}

export interface CsrfOptions {
  /** The public BASE_URL's origin: a state-changing request from another is refused. */
  origin: string;
  /** JSON requests that need no token (the JSON login). */
  jsonExempt: (req: Request) => boolean;
  /** Where a matching `Origin` is proof enough. */
  originSuffices: (req: Request) => boolean;
  /**
   * Multipart forms whose `_csrf` field the upload reader checks, before the
   * file (res.locals.csrfDeferred): their body is not read here.
   */
  deferredMultipart: (req: Request) => boolean;
  /**
   * A one-click unsubscribe (RFC 8058): a mail client posts to the address in
   * the mail, with no session and no page. The unguessable token in that
   * address is the proof, and all it can do is stop mail to one address.
   */
  tokenInAddress?: (req: Request) => boolean;
}

/**
 * Synchronizer-token CSRF protection for every state-changing request made
 * with the session cookie: the token comes in `X-CSRF-Token` (fetch and the
 * API) or the `_csrf` form field. Calls with `Authorization: Bearer` carry no
 * cookie credentials and are exempt, and so are JSON calls that carry no
 * session cookie (nothing to forge: they act for nobody; a cross-site form
 * cannot send JSON). The JSON login (`POST /api/v1/session`) is exempt too,
 * as JSON only: a form-encoded login needs the page's token (no login CSRF).
 *
 * Before all that, a state-changing request whose `Origin` header names another
 * origin than `origin` (the public BASE_URL's) is refused, whatever it carries.
 * Where `originSuffices` says so, a matching `Origin` is proof enough (a
 * browser always sends it with a script's PUT, PATCH or POST, and another
 * site's page cannot forge it): the queue dashboard's own buttons send no token.
 */
export function csrfProtection({
  origin,
  jsonExempt,
  originSuffices,
  deferredMultipart,
  tokenInAddress = () => false,
}: CsrfOptions) {
  return (req: Request, res: Response, next: NextFunction): void => {
    res.locals.csrfToken = expectedToken(req);
    const given = req.headers.origin;
    const bearer = req.headers.authorization?.startsWith('Bearer ') ?? false;
    // `null` (a privacy setting, a sandboxed frame) says nothing: the token decides.
    const named = given !== undefined && given !== 'null';
    if (!SAFE_METHODS.has(req.method) && !bearer && named && given !== origin) {
      next(new AppError({ status: 403, code: 'CSRF.ORIGIN', messageKey: 'error.csrf.message' }));
      return;
    }
    if (tokenInAddress(req)) {
      next();
      return;
    }
    if (given === origin && originSuffices(req)) {
      next();
      return;
    }
    const cookies = req.cookies as Record<string, string | undefined>;
    const json = req.is('application/json') === 'application/json';
    const anonymousJson = cookies[SESSION_COOKIE] === undefined && json;
    if (SAFE_METHODS.has(req.method) || (json && jsonExempt(req)) || anonymousJson || bearer) {
      next();
      return;
    }
    const header = req.headers['x-csrf-token'];
    if (header === undefined && req.is('multipart/form-data') && deferredMultipart(req)) {
      res.locals.csrfDeferred = true;
      next();
      return;
    }
    const body = (req.body as Record<string, unknown> | undefined)?._csrf;
    if (!csrfTokenMatches(req, typeof header === 'string' ? header : body)) {
      next(new AppError({ status: 403, code: 'CSRF.INVALID', messageKey: 'error.csrf.message' }));
      return;
    }
    next();
  };
}
