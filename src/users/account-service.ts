import { RateLimiterRes } from 'rate-limiter-flexible';
import { recordSecurityEvent } from '../audit/security-log.ts';
import { AppError, ServiceUnavailableError, ValidationError } from '../errors.ts';
import { isDuplicateKeyError } from '../platform/db-errors.ts';
import type { Locale } from '../i18n/i18n.ts';
import type { Logger } from '../platform/logger.ts';
import type { Mailer } from '../platform/mailer.ts';
import { renderMail, type MailKind } from '../notifications/mail-templates.ts';
import { checkCredentials } from './credentials.ts';
import {
  blockedFor,
  consume,
  TooManyRequestsError,
  type RateLimits,
} from '../platform/rate-limits.ts';
import { afterResponse } from '../platform/after-response.ts';
import {
  endSessionsAndTokens,
  NEW_AUTH_VERSION,
  revokeTokensCreatedBy,
} from './credential-revocation.ts';
import { hashPassword } from './password.ts';
import { passwordProblem } from './password-policy.ts';
import { UserModel } from './user-model.ts';
import type { SessionUser } from './user-store.ts';
import { issueToken, useToken, useTokenWithEmail } from './user-token-store.ts';

export interface AccountDeps {
  baseUrl: string;
  mailer: Mailer;
  limits: RateLimits;
  logger: Logger;
}

const HOUR = 3_600_000;
const LOCK_MINUTES = 15;

/**
 * Account mails are sent at once (they carry a single-use link that is never
 * stored in clear, so they cannot wait in a queue). A failed send is logged and
 * the user can ask again; the account change itself is kept.
 */
export async function sendAccountMail(
  deps: AccountDeps,
  to: string,
  kind: MailKind,
  locale: Locale,
  vars: Record<string, string>,
): Promise<void> {
  const mail = renderMail(kind, locale, vars);
  await deps.mailer.send({ to, ...mail }).catch((error: unknown) => {
    deps.logger.error({ err: (error as Error).message, kind }, 'account mail not sent');
  });
}

export const link = (deps: AccountDeps, pathAndQuery: string) =>
  new URL(pathAndQuery, deps.baseUrl).toString();

/**
 * Checks a password under the sign-in limits: attempts per address, failures
 * per account (known or not); the fifth failure locks the account. The user
 * when it is right, undefined when wrong. Sign-in and every check of the
 * current password (before a change of password or e-mail) go through here.
 */
export async function checkPasswordLimited(
  deps: AccountDeps,
  input: { email: string; password: string; ip: string },
): Promise<SessionUser | undefined> {
  await consume(deps.limits.loginByIp, input.ip);
  const key = input.email.trim().toLowerCase();
  const locked = await blockedFor(deps.limits.loginFailuresByAccount, key);
  if (locked > 0) throw new TooManyRequestsError(locked, 'AUTH.ACCOUNT_LOCKED', 'auth.locked');
  const user = await checkCredentials(key, input.password);
  if (user) {
    await deps.limits.loginFailuresByAccount.delete(key).catch(() => undefined);
    return user;
  }
  await recordSecurityEvent({ type: 'login_failed', ip: input.ip, target: key });
  try {
    await deps.limits.loginFailuresByAccount.consume(key);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw new ServiceUnavailableError();
    lockOut(deps, key, input.ip);
    throw new TooManyRequestsError(LOCK_MINUTES * 60, 'AUTH.ACCOUNT_LOCKED', 'auth.locked');
  }
  return undefined;
}

/** Signs in under the limits of checkPasswordLimited; an unconfirmed address gets a 403 saying so. */
export async function attemptLogin(
  deps: AccountDeps,
  input: { email: string; password: string; ip: string },
): Promise<SessionUser> {
  const user = await checkPasswordLimited(deps, input);
  if (!user)
    throw new AppError({
      status: 401,
      code: 'AUTH.INVALID_CREDENTIALS',
      messageKey: 'auth.invalidCredentials',
    });
  // The right password of an address never confirmed: no session, only the way to confirm.
  if (!user.confirmed)
    throw new AppError({
      status: 403,
      code: 'AUTH.EMAIL_UNCONFIRMED',
      messageKey: 'auth.emailUnconfirmed',
    });
  await recordSecurityEvent({ type: 'login', actor: user.id, ip: input.ip, target: user.email });
  return user;
}

/**
 * Locks an account after its fifth failure. The lock, its record and its mail
 * happen after the answer: a known and an unknown address answer alike and as fast.
 */
function lockOut(deps: AccountDeps, email: string, ip: string): void {
  afterResponse(deps.logger, 'lockout', async () => {
    const user = await UserModel.findOneAndUpdate(
      { email },
      { $set: { lockedUntil: new Date(Date.now() + LOCK_MINUTES * 60_000) } },
      { returnDocument: 'after', lean: true },
    );
    await recordSecurityEvent({
      type: 'lockout',
      ip,
      target: email,
      actor: user?._id.toString() ?? null,
    });
    if (!user) return;
    await sendAccountMail(deps, user.email, 'account-locked', localeOf(user), {
      name: user.name,
      minutes: String(LOCK_MINUTES),
      link: link(deps, '/forgot-password'),
    });
  });
}

const localeOf = (user: { locale?: string | null }): Locale => (user.locale === 'en' ? 'en' : 'ar');

export interface Registration {
  name: string;
  email: string;
  password: string;
  locale: Locale;
}

/**
 * Registers a citizen and mails a confirmation link. An address already in use
 * gets a mail saying so, and the caller the same answer as a new one.
 */
export async function register(
  deps: AccountDeps,
  input: Registration,
  ip: string,
  now: Date,
): Promise<void> {
  await consume(deps.limits.registrationByIp, ip);
  const email = input.email.trim().toLowerCase();
  await consume(deps.limits.mailsToAddress, email);
  const problem = passwordProblem(input.password, email);
  if (problem) throw new ValidationError({ password: problem });
  const existing = await UserModel.findOne({ email }).lean();
  if (existing) {
    await sendAccountMail(deps, email, 'already-registered', localeOf(existing), {
      link: link(deps, '/login'),
    });
    return;
  }
  const user = await UserModel.create({
    email,
    name: input.name.trim(),
    passwordHash: await hashPassword(input.password),
    locale: input.locale,
    roles: ['citizen'],
  }).catch((error: unknown) => {
    // Two registrations of one address at once: the second is answered like the first.
    if (isDuplicateKeyError(error)) return undefined;
    throw error;
  });
  if (!user) return;
  const token = await issueToken(user._id, 'confirm_email', 48 * HOUR, now);
  await recordSecurityEvent({
    type: 'registration',
    actor: user._id.toString(),
    ip,
    target: email,
    at: now,
  });
  await sendAccountMail(deps, email, 'confirm-email', input.locale, {
    name: user.name,
    link: link(deps, `/confirm-email?token=${token}`),
  });
}

/**
 * Confirms an address from a mailed token: a new account's, or the new address
 * of an e-mail change (taken meanwhile by another account: refused). False for
 * a bad, used or expired token.
 */
export async function confirmEmail(token: string, ip: string, now: Date): Promise<boolean> {
  const userId = await useToken(token, 'confirm_email', now);
  if (userId) {
    await UserModel.updateOne({ _id: userId }, { $set: { emailVerifiedAt: now } });
    await recordSecurityEvent({ type: 'email_confirmed', actor: userId.toString(), ip, at: now });
    return true;
  }
  const change = await useTokenWithEmail(token, 'change_email', now);
  if (!change?.email) return false;
  try {
    await UserModel.updateOne(
      { _id: change.user },
      { $set: { email: change.email, emailVerifiedAt: now } },
    );
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
  // The address that signs in changed: every session and token of the old one ends.
  await endSessionsAndTokens(change.user, now);
  await recordSecurityEvent({
    type: 'email_changed',
    actor: change.user.toString(),
    ip,
    target: change.email,
    at: now,
  });
  return true;
}

/**
 * A mailed link asked for by address (a reset, a new confirmation): the same
 * answer for any address, and as fast, since the lookup, the token (which ends
 * the earlier ones) and the mail happen after it. Limited per caller and per
 * address.
 */
async function mailLinkOnRequest(
  deps: AccountDeps,
  rawEmail: string,
  ip: string,
  link_: {
    purpose: 'reset_password' | 'confirm_email';
    ttlMs: number;
    kind: MailKind;
    path: string;
    /** Which accounts get one (besides being active and holding the address). */
    unconfirmedOnly: boolean;
    /** What is recorded before the answer, the same for any address. */
    record?: (email: string) => Promise<void>;
  },
): Promise<void> {
  const email = rawEmail.trim().toLowerCase();
  await consume(deps.limits.passwordResetByIp, ip);
  await consume(deps.limits.mailsToAddress, email);
  await link_.record?.(email);
  afterResponse(deps.logger, link_.purpose, async () => {
    const user = await UserModel.findOne({
      email,
      active: true,
      ...(link_.unconfirmedOnly ? { emailVerifiedAt: null } : {}),
    }).lean();
    if (!user) return;
    const now = new Date();
    const token = await issueToken(user._id, link_.purpose, link_.ttlMs, now);
    await sendAccountMail(deps, email, link_.kind, localeOf(user), {
      name: user.name,
      link: link(deps, `${link_.path}?token=${token}`),
    });
  });
}

/** Mails a reset link when the address has an active account (mailLinkOnRequest). */
export async function requestPasswordReset(
  deps: AccountDeps,
  rawEmail: string,
  ip: string,
  now: Date,
): Promise<void> {
  await mailLinkOnRequest(deps, rawEmail, ip, {
    purpose: 'reset_password',
    ttlMs: HOUR,
    kind: 'reset-password',
    path: '/reset-password',
    unconfirmedOnly: false,
    record: (email) =>
      recordSecurityEvent({ type: 'password_reset_requested', ip, target: email, at: now }),
  });
}

/** Mails a new confirmation link to an account that has not confirmed its address (mailLinkOnRequest). */
export async function resendConfirmation(deps: AccountDeps, rawEmail: string, ip: string) {
  await mailLinkOnRequest(deps, rawEmail, ip, {
    purpose: 'confirm_email',
    ttlMs: 48 * HOUR,
    kind: 'confirm-email',
    path: '/confirm-email',
    unconfirmedOnly: true,
  });
}

/**
 * Sets a new password with a mailed token, once: a reset (within the hour,
 * lifting any lock) or an invitation (which also confirms the address).
 */
export async function resetPassword(
  deps: AccountDeps,
  token: string,
  password: string,
  ip: string,
  now: Date,
  purpose: 'reset_password' | 'invitation' = 'reset_password',
): Promise<boolean> {
  const problem = passwordProblem(password);
  if (problem) throw new ValidationError({ password: problem });
  const userId = await useToken(token, purpose, now);
  if (!userId) return false;
  const user = await UserModel.findOneAndUpdate(
    { _id: userId },
    {
      $set: {
        passwordHash: await hashPassword(password),
        lockedUntil: null,
        failedLogins: 0,
        ...(purpose === 'invitation' ? { emailVerifiedAt: now } : {}),
      },
      // Whoever held a session or token of this account before the reset holds it no more.
      ...NEW_AUTH_VERSION,
    },
    { returnDocument: 'after', lean: true },
  );
  await revokeTokensCreatedBy(userId, now);
  if (user) await deps.limits.loginFailuresByAccount.delete(user.email).catch(() => undefined);
  await recordSecurityEvent({
    type: purpose === 'invitation' ? 'invitation_accepted' : 'password_reset',
    actor: userId.toString(),
    ip,
    at: now,
  });
  return true;
}
