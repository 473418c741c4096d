import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { t } from '../../i18n/i18n.ts';
import { csrfToken } from '../middleware/csrf.ts';
import { formErrors } from '../middleware/validation.ts';
import { emailField, nameField, newPasswordField } from '../../users/user-schemas.ts';
import { passwordProblem } from '../../users/password-policy.ts';
import {
  confirmEmail,
  register,
  requestPasswordReset,
  resendConfirmation,
  resetPassword,
} from '../../users/account-service.ts';
import type { AccountDeps } from '../../users/account-mail.ts';

const email = emailField;
/** `POST /api/v1/email-confirmations/resend` and `POST /api/v1/password-resets`. */
export const emailOnlyBody = z.object({ email });
export const registration = z.object({
  name: nameField,
  email,
  password: newPasswordField,
  locale: z.enum(['ar', 'en'], 'validation.oneOf').default('ar'),
});
export const tokenBody = z.object({
  token: z.string('validation.required').min(1, 'validation.required').max(200),
});
export const resetBody = tokenBody.extend({ password: newPasswordField });

/** Registration, e-mail confirmation and password reset: the pages (the API's: account-api.ts). */
export function accountRoutes(deps: AccountDeps): Router {
  const router = express.Router();
  const ip = (req: Request) => req.ip ?? '';
  // Each notice has a title of its own: what happened, or what to do now.
  const notice = (res: Response, title: string, message: string, status = 200) => {
    res.status(status).render('users/notice', { title, message });
  };

  router.post('/confirm-email/resend', async (req, res) => {
    const parsed = z.object({ email }).safeParse(req.body);
    if (parsed.success) await resendConfirmation(deps, parsed.data.email, ip(req));
    if (parsed.success)
      notice(res, 'auth.notice.checkMail', t(req.locale, 'auth.confirmNeeded.sent'));
    else notice(res, 'auth.confirm.title', t(req.locale, 'validation.email'), 422);
  });

  router.get('/register', (req, res) => {
    res.render('users/register', {
      title: 'auth.register.title',
      csrf: csrfToken(req, res),
      values: { locale: req.locale },
    });
  });
  router.post('/register', async (req, res) => {
    const parsed = registration.safeParse(req.body);
    const again = (status: number, fields: Record<string, string>) => {
      const values = { ...(req.body as Record<string, unknown>), password: '' };
      res.status(status).render('users/register', {
        title: 'auth.register.title',
        csrf: csrfToken(req, res),
        values,
        fields,
      });
    };
    if (!parsed.success) {
      // Every problem at once: the password's policy too, not only after the rest is right.
      const fields = formErrors(req.locale, parsed.error);
      const { password, email: address } = req.body as Record<string, unknown>;
      if (!fields.password && typeof password === 'string') {
        const owner = typeof address === 'string' ? address.trim().toLowerCase() : '';
        const problem = passwordProblem(password, owner);
        if (problem) fields.password = t(req.locale, problem);
      }
      again(422, fields);
      return;
    }
    try {
      await register(deps, parsed.data, ip(req), new Date());
    } catch (error) {
      if (!(error instanceof AppError) || !error.fields) throw error;
      again(error.status, formErrors(req.locale, error));
      return;
    }
    notice(res, 'auth.notice.checkMail', t(req.locale, 'auth.register.checkMail'));
  });
  // The mailed link opens a page with a button, so that mail scanners following links confirm nothing.
  router.get('/confirm-email', (req, res) => {
    res.render('users/confirm-email', {
      title: 'auth.confirm.title',
      csrf: csrfToken(req, res),
      token: typeof req.query.token === 'string' ? req.query.token : '',
    });
  });
  router.post('/confirm-email', async (req, res) => {
    const parsed = tokenBody.safeParse(req.body);
    const ok = parsed.success && (await confirmEmail(parsed.data.token, ip(req), new Date()));
    notice(
      res,
      ok ? 'auth.notice.confirmed' : 'auth.notice.linkInvalid',
      t(req.locale, ok ? 'auth.confirm.done' : 'auth.tokenInvalid'),
      ok ? 200 : 400,
    );
  });
  router.get('/forgot-password', (req, res) => {
    res.render('users/forgot-password', { title: 'auth.forgot.title', csrf: csrfToken(req, res) });
  });
  router.post('/forgot-password', async (req, res) => {
    const parsed = z.object({ email }).safeParse(req.body);
    if (!parsed.success) {
      res.status(422).render('users/forgot-password', {
        title: 'auth.forgot.title',
        csrf: csrfToken(req, res),
        fields: formErrors(req.locale, parsed.error),
        values: req.body as unknown,
      });
      return;
    }
    await requestPasswordReset(deps, parsed.data.email, ip(req), new Date());
    notice(res, 'auth.notice.checkMail', t(req.locale, 'auth.forgot.checkMail'));
  });
  // A mailed reset link and an invitation link both lead to a form that sets the password.
  for (const [path, purpose, title, done] of [
    ['/reset-password', 'reset_password', 'auth.reset.title', 'auth.reset.done'],
    ['/set-password', 'invitation', 'auth.setPassword.title', 'auth.setPassword.done'],
  ] as const) {
    router.get(path, (req, res) => {
      res.render('users/reset-password', {
        title,
        action: path,
        csrf: csrfToken(req, res),
        token: typeof req.query.token === 'string' ? req.query.token : '',
      });
    });
    router.post(path, async (req, res) => {
      const parsed = resetBody.safeParse(req.body);
      const raw = (req.body as Record<string, unknown>).token;
      const again = (fields: Record<string, string>) => {
        res.status(422).render('users/reset-password', {
          title,
          action: path,
          csrf: csrfToken(req, res),
          token: typeof raw === 'string' ? raw : '',
          fields,
        });
      };
      if (!parsed.success) {
        again(formErrors(req.locale, parsed.error));
        return;
      }
      try {
        const ok = await resetPassword(
          deps,
          parsed.data.token,
          parsed.data.password,
          ip(req),
          new Date(),
          purpose,
        );
        notice(
          res,
          ok ? 'auth.notice.passwordSet' : 'auth.notice.linkInvalid',
          t(req.locale, ok ? done : 'auth.tokenInvalid'),
          ok ? 200 : 400,
        );
      } catch (error) {
        if (!(error instanceof AppError) || !error.fields) throw error;
        again(formErrors(req.locale, error));
      }
    });
  }
  return router;
}
