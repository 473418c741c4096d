import type { NextFunction, Request, Response } from 'express';
import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { AppError } from '../../errors.ts';
import { checkCredentials } from '../../users/credentials.ts';
import type { Role } from '../../users/user-model.ts';
import { findSessionUser, type SessionUser } from '../../users/user-store.ts';
import { wantsJson } from './error-handler.ts';
import { SESSION_COOKIE } from './session.ts';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express.User is how passport types the user.
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends SessionUser {}
  }
}

/** passport with the local strategy; the session stores the user id only. */
export function configurePassport(): passport.PassportStatic {
  passport.use(
    new LocalStrategy(
      { usernameField: 'email', passwordField: 'password' },
      (email, password, done) => {
        checkCredentials(email, password).then(
          (user) => {
            done(null, user ?? false);
          },
          (error: unknown) => {
            done(error);
          },
        );
      },
    ),
  );
  // The session keeps the user's id and the credentials' version it signed in with.
  passport.serializeUser((user, done) => {
    done(null, `${user.id}.${String(user.authVersion)}`);
  });
  passport.deserializeUser((stored: string, done) => {
    const [id = '', version = '0'] = stored.split('.');
    findSessionUser(id).then(
      (user) => {
        // A deactivated, deleted or unconfirmed account, or credentials changed
        // since this session signed in (a reset, a new password or e-mail), end it.
        const current = user?.confirmed === true && String(user.authVersion) === version;
        done(null, current ? user : false);
      },
      (error: unknown) => {
        done(error);
      },
    );
  });
  return passport;
}

/**
 * Signs `user` in on a fresh session id (no session fixation) and stamps the
 * start time. A filing's answers given before signing in go with them: the
 * person signed in to send it.
 */
export async function logIn(req: Request, user: SessionUser): Promise<void> {
  const filing = req.session.filing;
  await new Promise<void>((resolve, reject) => {
    // passport ≥ 0.6 regenerates the session id at login.
    req.logIn(user, (error) => {
      if (error) reject(error as Error);
      else resolve();
    });
  });
  req.session.startedAt = Date.now();
  if (filing) req.session.filing = filing;
}

/** Signs out, destroys the session and clears its cookie. */
export async function logOut(req: Request, res: Response): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    req.logOut((error) => {
      if (error) reject(error as Error);
      else resolve();
    });
  });
  await new Promise<void>((resolve) => {
    req.session.destroy(() => {
      resolve();
    });
  });
  res.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** Whether `user` (undefined: a visitor) holds one of `roles`. */
export function hasAnyRole(user: { roles: readonly Role[] } | undefined, roles: readonly Role[]) {
  return roles.some((role) => user?.roles.includes(role) ?? false);
}

/**
 * Where a person lands after signing in when they asked for no page: their
 * requests (citizens, officers), the statistics (auditors), or the accounts (admins).
 */
export function landingFor(user: { roles: readonly Role[] } | undefined): string {
  if (hasAnyRole(user, ['citizen', 'officer', 'agency_admin'])) return '/requests';
  if (hasAnyRole(user, ['auditor'])) return '/audit';
  if (hasAnyRole(user, ['admin'])) return '/admin/users';
  return '/';
}

/** The signed-in user of a route behind requireRole (a 401 should one be missing). */
export function signedInUser(req: Request): SessionUser {
  if (!req.user)
    throw new AppError({
      status: 401,
      code: 'AUTH.REQUIRED',
      messageKey: 'error.authRequired.message',
    });
  return req.user;
}

/**
 * A route guard: anonymous callers get 401 (JSON) or the login page; signed-in
 * users without one of `roles` get 403.
 */
export function requireRole(...roles: Role[]) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const user = req.user;
    if (!user) {
      if (wantsJson(req)) {
        next(
          new AppError({
            status: 401,
            code: 'AUTH.REQUIRED',
            messageKey: 'error.authRequired.message',
          }),
        );
      } else {
        res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
      }
      return;
    }
    if (roles.length > 0 && !hasAnyRole(user, roles)) {
      next(
        new AppError({
          status: 403,
          code: 'AUTH.FORBIDDEN',
          messageKey: 'error.forbidden.message',
        }),
      );
      return;
    }
    next();
  };
}
