import express, { type Router } from 'express';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { t } from '../i18n/i18n.ts';
import { checkCredentials, logIn, logOut } from '../web/auth.ts';
import { csrfToken } from '../web/csrf.ts';
import { safeLocalPath } from '../web/locale.ts';
import { parseBody } from '../web/validation.ts';

const credentials = z.object({
  email: z.string('validation.required').trim().min(3, 'validation.required').max(254),
  password: z.string('validation.required').min(1, 'validation.required').max(1024),
});

/** Sign in and out: `POST|DELETE /api/v1/session` and the `/login` page (DESIGN §9). */
export function sessionRoutes(): Router {
  const router = express.Router();

  router.post('/api/v1/session', async (req, res) => {
    const { email, password } = parseBody(credentials, req.body);
    const user = await checkCredentials(email, password);
    if (!user)
      throw new AppError({
        status: 401,
        code: 'AUTH.INVALID_CREDENTIALS',
        messageKey: 'auth.invalidCredentials',
      });
    await logIn(req, user);
    res.json({ user, csrfToken: csrfToken(req) });
  });

  router.delete('/api/v1/session', async (req, res) => {
    await logOut(req);
    res.status(204).end();
  });

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
    const parsed = credentials.safeParse(body);
    const user = parsed.success
      ? await checkCredentials(parsed.data.email, parsed.data.password)
      : undefined;
    if (!user) {
      res.status(parsed.success ? 401 : 422).render('users/login', {
        title: 'auth.login.title',
        csrf: csrfToken(req, res),
        next,
        email: typeof body.email === 'string' ? body.email : '',
        error: t(
          req.locale,
          parsed.success ? 'auth.invalidCredentials' : 'error.validation.message',
        ),
      });
      return;
    }
    await logIn(req, user);
    res.redirect(303, next);
  });

  router.post('/logout', async (req, res) => {
    await logOut(req);
    res.redirect(303, '/');
  });
  return router;
}
