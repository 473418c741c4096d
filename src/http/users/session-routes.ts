import express, { type Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { t } from '../../i18n/i18n.ts';
import { hasAnyRole, landingFor, logIn, logOut } from '../middleware/auth.ts';
import { csrfToken } from '../middleware/csrf.ts';
import { safeLocalPath } from '../middleware/locale.ts';
import { TooManyRequestsError } from '../../platform/rate-limits.ts';
import type { AccountDeps } from '../../users/account-mail.ts';
import { attemptLogin } from '../../users/sign-in.ts';
import { currentPasswordField } from '../../users/user-schemas.ts';

export const credentials = z.object({
  email: z.string('validation.required').trim().min(3, 'validation.required').max(254),
  password: currentPasswordField,
});

/** Sign in and out: the `/login` page (the API's: account-api.ts). */
export function sessionRoutes(deps: AccountDeps): Router {
  const router = express.Router();

  router.get('/login', (req, res) => {
    res.render('users/login', {
      title: 'auth.login.title',
      csrf: csrfToken(req, res),
      next: safeLocalPath(req.query.next),
    });
  });

  router.post('/login', async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const next = safeLocalPath(body.next);
    const fail = (status: number, error: string) => {
      res.status(status).render('users/login', {
        title: 'auth.login.title',
        csrf: csrfToken(req, res),
        next,
        email: typeof body.email === 'string' ? body.email : '',
        // One problem for the whole form (which of the two was wrong is not said).
        fields: { _: error },
      });
    };
    const parsed = credentials.safeParse(body);
    if (!parsed.success) {
      fail(422, t(req.locale, 'error.validation.message'));
      return;
    }
    try {
      await logIn(req, await attemptLogin(deps, { ...parsed.data, ip: req.ip ?? '' }));
    } catch (error) {
      if (error instanceof AppError && error.code === 'AUTH.EMAIL_UNCONFIRMED') {
        // No session: only the page that asks for confirmation, with a new link on request.
        res.status(403).render('users/confirm-needed', {
          title: 'auth.confirmNeeded.title',
          csrf: csrfToken(req, res),
          email: parsed.data.email.trim().toLowerCase(),
        });
        return;
      }
      if (!(error instanceof AppError) || (error.status !== 401 && error.status !== 429))
        throw error;
      if (error instanceof TooManyRequestsError)
        res.setHeader('Retry-After', String(error.retryAfterSeconds));
      fail(error.status, t(req.locale, error.messageKey, error.vars));
      return;
    }
    // A filing begun before signing in is where they were going.
    const filing =
      req.session.filing && hasAnyRole(req.user, ['citizen', 'officer', 'agency_admin']);
    res.redirect(303, next !== '/' ? next : filing ? '/requests/new/check' : landingFor(req.user));
  });

  router.post('/logout', async (req, res) => {
    await logOut(req, res);
    res.redirect(303, '/');
  });
  return router;
}
