import { RateLimiterRes } from 'rate-limiter-flexible';
import { recordSecurityEvent } from '../audit/security-log.ts';
import { AppError, ServiceUnavailableError, ValidationError } from '../errors.ts';
import { isDuplicateKeyError } from '../platform/db-errors.ts';
import type { Locale } from '../i18n/i18n.ts';
import type { Logger } from '../platform/logger.ts';
import type { Mailer } from '../platform/mailer.ts';
import { renderMail, type MailKind } from '../notifications/mail-templates.ts';
import { checkCredentials } from '../web/auth.ts';
import { blockedFor, consume, TooManyRequestsError, type RateLimits } from '../web/rate-limits.ts';
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

/** Signs in with rate limits per address and per account; the fifth failure locks the account. */
export async function attemptLogin(
  deps: AccountDeps,
  input: { email: string; password: string; ip: string },
): Promise<SessionUser> {
  await consume(deps.limits.loginByIp, input.ip);
  const key = input.email.trim().toLowerCase();
  const locked = await blockedFor(deps.limits.loginFailuresByAccount, key);
  if (locked > 0) throw new TooManyRequestsError(locked, 'AUTH.ACCOUNT_LOCKED', 'auth.locked');
  const user = await checkCredentials(key, input.password);
  if (user) {
    await deps.limits.loginFailuresByAccount.delete(key).catch(() => undefined);
    await recordSecurityEvent({ type: 'login', actor: user.id, ip: input.ip, target: key });
    return user;
  }
  await recordSecurityEvent({ type: 'login_failed', ip: input.ip, target: key });
  try {
    await deps.limits.loginFailuresByAccount.consume(key);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw new ServiceUnavailableError();
    await lockOut(deps, key, input.ip);
    throw new TooManyRequestsError(LOCK_MINUTES * 60, 'AUTH.ACCOUNT_LOCKED', 'auth.locked');
  }
  throw new AppError({
    status: 401,
    code: 'AUTH.INVALID_CREDENTIALS',
    messageKey: 'auth.invalidCredentials',
  });
}

async function lockOut(deps: AccountDeps, email: string, ip: string): Promise<void> {
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
  if (user) {
    await sendAccountMail(deps, user.email, 'account-locked', user.locale === 'en' ? 'en' : 'ar', {
      name: user.name,
      minutes: String(LOCK_MINUTES),
      link: link(deps, '/forgot-password'),
    });
  }
}

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
  const problem = passwordProblem(input.password, email);
  if (problem) throw new ValidationError({ password: problem });
  const existing = await UserModel.findOne({ email }).lean();
  if (existing) {
    await sendAccountMail(
      deps,
      email,
      'already-registered',
      existing.locale === 'en' ? 'en' : 'ar',
      { link: link(deps, '/login') },
    );
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
  await recordSecurityEvent({
    type: 'email_changed',
    actor: change.user.toString(),
    ip,
    target: change.email,
    at: now,
  });
  return true;
}

/** Mails a reset link when the address has an active account; the same answer either way. */
export async function requestPasswordReset(
  deps: AccountDeps,
  rawEmail: string,
  ip: string,
  now: Date,
): Promise<void> {
  const email = rawEmail.trim().toLowerCase();
  await consume(deps.limits.passwordResetByIp, ip);
  await consume(deps.limits.passwordResetByEmail, email);
  await recordSecurityEvent({ type: 'password_reset_requested', ip, target: email, at: now });
  const user = await UserModel.findOne({ email, active: true }).lean();
  if (!user) return;
  const token = await issueToken(user._id, 'reset_password', HOUR, now);
  await sendAccountMail(deps, email, 'reset-password', user.locale === 'en' ? 'en' : 'ar', {
    name: user.name,
    link: link(deps, `/reset-password?token=${token}`),
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
    },
    { returnDocument: 'after', lean: true },
  );
  if (user) await deps.limits.loginFailuresByAccount.delete(user.email).catch(() => undefined);
  await recordSecurityEvent({
    type: purpose === 'invitation' ? 'invitation_accepted' : 'password_reset',
    actor: userId.toString(),
    ip,
    at: now,
  });
  return true;
}
