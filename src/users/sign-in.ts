import { RateLimiterRes } from 'rate-limiter-flexible';
import { recordSecurityEvent } from '../security/security-log.ts';
import { AppError, ServiceUnavailableError } from '../errors.ts';
import { afterResponse } from '../platform/after-response.ts';
import { blockedFor, consume, TooManyRequestsError } from '../platform/rate-limits.ts';
import { link, localeOf, sendAccountMail, type AccountDeps } from './account-mail.ts';
import { checkCredentials } from './credentials.ts';
import { UserModel } from './user-model.ts';
import type { SessionUser } from './user-store.ts';

/** How long the fifth failure in a row locks an account. */
const LOCK_MINUTES = 15;

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
