import { BadRequestError } from '../../errors.ts';
import type { AccountDeps } from '../../users/account-mail.ts';
import {
  confirmEmail,
  register,
  requestPasswordReset,
  resendConfirmation,
  resetPassword,
} from '../../users/account-service.ts';
import { requestEmailChange } from '../../users/own-account-service.ts';
import { attemptLogin } from '../../users/sign-in.ts';
import { apiOperations, EVERYONE } from '../api/api-operation.ts';
import * as R from '../api/api-responses.ts';
import { logIn, logOut } from '../middleware/auth.ts';
import { csrfToken } from '../middleware/csrf.ts';
import { emailOnlyBody, registration, resetBody, tokenBody } from './account-routes.ts';
import { changeOwnPassword, emailBody, inPerson, passwordBody } from './own-account-routes.ts';
import { credentials } from './session-routes.ts';

/** What the account operations need: the mailer, the limits, the log. */
export interface AccountApiDeps {
  accounts: AccountDeps;
}

const operation = apiOperations<AccountApiDeps>();
const tokenInvalid = () => new BadRequestError('AUTH.TOKEN_INVALID', 'auth.tokenInvalid');

/** Signing in and out, registration, confirmation, resets, and one's own account (DESIGN §9). */
export const ACCOUNT_API = [
  operation({
    method: 'post',
    path: '/api/v1/session',
    tag: 'accounts',
    auth: 'public',
    summary: { en: 'Sign in', ar: 'تسجيل الدخول' },
    body: credentials,
    responses: { 200: R.SessionStarted },
    errors: [401, 429],
    handle: async ({ req, res, deps, body, ip }) => {
      await logIn(req, await attemptLogin(deps.accounts, { ...body, ip }));
      return { user: req.user, csrfToken: csrfToken(req, res) };
    },
  }),
  operation({
    method: 'delete',
    path: '/api/v1/session',
    tag: 'accounts',
    auth: 'public',
    summary: { en: 'Sign out', ar: 'تسجيل الخروج' },
    responses: { 204: 'empty' },
    handle: ({ req, res }) => logOut(req, res),
  }),
  operation({
    method: 'post',
    path: '/api/v1/users',
    tag: 'accounts',
    auth: 'public',
    summary: { en: 'Register as a citizen', ar: 'التسجيل كمواطن' },
    body: registration,
    responses: { 202: R.CheckYourMail },
    errors: [429],
    handle: async ({ deps, body, ip }) => {
      await register(deps.accounts, body, ip, new Date());
      return { status: 'check_your_mail' };
    },
  }),
  operation({
    method: 'post',
    path: '/api/v1/email-confirmations',
    tag: 'accounts',
    auth: 'public',
    summary: { en: 'Confirm an e-mail address', ar: 'تأكيد عنوان البريد' },
    body: tokenBody,
    responses: { 200: R.Confirmed },
    handle: async ({ body, ip }) => {
      if (!(await confirmEmail(body.token, ip, new Date()))) throw tokenInvalid();
      return { status: 'confirmed' };
    },
  }),
  operation({
    method: 'post',
    path: '/api/v1/email-confirmations/resend',
    tag: 'accounts',
    auth: 'public',
    summary: { en: 'Send the confirmation again', ar: 'إعادة إرسال رسالة التأكيد' },
    body: emailOnlyBody,
    responses: { 202: R.CheckYourMail },
    errors: [429],
    handle: async ({ deps, body, ip }) => {
      await resendConfirmation(deps.accounts, body.email, ip);
      return { status: 'check_your_mail' };
    },
  }),
  operation({
    method: 'post',
    path: '/api/v1/password-resets',
    tag: 'accounts',
    auth: 'public',
    summary: { en: 'Ask for a password reset', ar: 'طلب إعادة تعيين كلمة المرور' },
    body: emailOnlyBody,
    responses: { 202: R.CheckYourMail },
    errors: [429],
    handle: async ({ deps, body, ip }) => {
      await requestPasswordReset(deps.accounts, body.email, ip, new Date());
      return { status: 'check_your_mail' };
    },
  }),
  operation({
    method: 'post',
    path: '/api/v1/password-resets/confirm',
    tag: 'accounts',
    auth: 'public',
    summary: {
      en: 'Set a new password from a reset link',
      ar: 'تعيين كلمة مرور جديدة من رابط الإعادة',
    },
    body: resetBody,
    responses: { 200: R.PasswordChanged },
    handle: async ({ deps, body, ip }) => {
      if (!(await resetPassword(deps.accounts, body.token, body.password, ip, new Date())))
        throw tokenInvalid();
      return { status: 'password_changed' };
    },
  }),
  operation({
    method: 'post',
    path: '/api/v1/invitations/accept',
    tag: 'accounts',
    auth: 'public',
    summary: { en: 'Accept an invitation', ar: 'قبول دعوة' },
    body: resetBody,
    responses: { 200: R.PasswordSet },
    handle: async ({ deps, body, ip }) => {
      const now = new Date();
      if (!(await resetPassword(deps.accounts, body.token, body.password, ip, now, 'invitation')))
        throw tokenInvalid();
      return { status: 'password_set' };
    },
  }),
  // One's own account is managed in person: an API token acts for its creator, not as them.
  operation({
    method: 'post',
    path: '/api/v1/me/password',
    tag: 'accounts',
    auth: 'session',
    roles: EVERYONE,
    summary: { en: 'Change one’s password', ar: 'تغيير كلمة المرور' },
    body: passwordBody,
    responses: { 200: R.PasswordChanged },
    middleware: () => [inPerson],
    handle: async ({ req, res, deps, body }) => {
      await changeOwnPassword(deps.accounts, req, body);
      return { status: 'password_changed', csrfToken: csrfToken(req, res) };
    },
  }),
  operation({
    method: 'post',
    path: '/api/v1/me/email',
    tag: 'accounts',
    auth: 'session',
    roles: EVERYONE,
    summary: { en: 'Change one’s e-mail address', ar: 'تغيير عنوان البريد' },
    body: emailBody,
    responses: { 202: R.CheckYourMail },
    errors: [409],
    middleware: () => [inPerson],
    handle: async ({ deps, user, body, ip }) => {
      await requestEmailChange(deps.accounts, user, body.password, body.email, ip, new Date());
      return { status: 'check_your_mail' };
    },
  }),
];
