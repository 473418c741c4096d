import { recordSecurityEvent } from '../security/security-log.ts';
import { ValidationError } from '../errors.ts';
import type { Locale } from '../i18n/i18n.ts';
import type { MailKind } from '../mail/mail-templates.ts';
import { afterResponse } from '../platform/after-response.ts';
import { isDuplicateKeyError } from '../platform/db-errors.ts';
import { consume } from '../platform/rate-limits.ts';
import { link, localeOf, sendAccountMail, type AccountDeps } from './account-mail.ts';
import {
  endSessionsAndTokens,
  NEW_AUTH_VERSION,
  revokeTokensCreatedBy,
} from './credential-revocation.ts';
import { hashPassword } from './password.ts';
import { passwordProblem } from './password-policy.ts';
import { UserModel } from './user-model.ts';
import { issueToken, useToken, useTokenWithEmail } from './user-token-store.ts';

const HOUR = 3_600_000;

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
