import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { t } from '../../i18n/i18n.ts';
import { logIn, requireRole, signedInUser } from '../middleware/auth.ts';
import { csrfToken } from '../middleware/csrf.ts';
import { formErrors } from '../middleware/validation.ts';
import { currentPasswordField, emailField, newPasswordField } from '../../users/user-schemas.ts';
import type { AccountDeps } from '../../users/account-mail.ts';
import { changePassword, requestEmailChange } from '../../users/own-account-service.ts';
import type { SessionUser } from '../../users/user-store.ts';

export const passwordBody = z.object({
  currentPassword: currentPasswordField,
  newPassword: newPasswordField,
});
export const emailBody = z.object({ password: currentPasswordField, email: emailField });

/** One's own account is managed in person: an API token acts for its creator, not as them. */
export function inPerson(req: Request, _res: Response, next: (error?: unknown) => void): void {
  next(
    req.user?.tokenId
      ? new AppError({
          status: 403,
          code: 'AUTH.TOKEN_NOT_ALLOWED',
          messageKey: 'error.forbidden.message',
        })
      : undefined,
  );
}

/** Changes the password, then signs this session in again: a new id, the new credentials' version. */
export async function changeOwnPassword(
  deps: AccountDeps,
  req: Request,
  body: z.infer<typeof passwordBody>,
): Promise<void> {
  const user = signedInUser(req);
  const now = new Date();
  const ip = req.ip ?? '';
  await logIn(
    req,
    await changePassword(deps, user, body.currentPassword, body.newPassword, ip, now),
  );
}

/** The signed-in user's own account: change password, change e-mail (re-confirmed). */
export function ownAccountRoutes(deps: AccountDeps): Router {
  const router = express.Router();
  const signedIn = requireRole();
  const me = (req: Request): SessionUser => signedInUser(req);
  const ip = (req: Request) => req.ip ?? '';

  const page = (req: Request, res: Response, status = 200, extra: Record<string, unknown> = {}) => {
    res
      .status(status)
      .render('users/account', { title: 'account.title', csrf: csrfToken(req, res), ...extra });
  };
  router.get('/account', signedIn, inPerson, (req, res) => {
    page(req, res);
  });
  router.post('/account/password', signedIn, inPerson, async (req, res) => {
    try {
      await changeOwnPassword(deps, req, passwordBody.parse(req.body));
      page(req, res, 200, { notice: t(req.locale, 'account.passwordChanged') });
    } catch (error) {
      page(req, res, 422, { passwordFields: formErrors(req.locale, error), titleError: true });
    }
  });
  router.post('/account/email', signedIn, inPerson, async (req, res) => {
    try {
      const body = emailBody.parse(req.body);
      await requestEmailChange(deps, me(req), body.password, body.email, ip(req), new Date());
      page(req, res, 200, { notice: t(req.locale, 'account.emailCheck') });
    } catch (error) {
      page(req, res, 422, { emailFields: formErrors(req.locale, error), titleError: true });
    }
  });
  return router;
}
