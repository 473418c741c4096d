import { Types } from 'mongoose';
import { recordSecurityEvent } from '../security/security-log.ts';
import { ValidationError } from '../errors.ts';
import { consume } from '../platform/rate-limits.ts';
import { link, sendAccountMail, type AccountDeps } from './account-mail.ts';
import { checkPasswordLimited } from './sign-in.ts';
import { NEW_AUTH_VERSION, revokeTokensCreatedBy } from './credential-revocation.ts';
import { hashPassword } from './password.ts';
import { passwordProblem } from './password-policy.ts';
import { UserModel } from './user-model.ts';
import type { SessionUser } from './user-store.ts';
import { issueToken } from './user-token-store.ts';

/**
 * The signed-in user's password, checked before any change to the account,
 * under the sign-in limits (a stolen session cannot guess it).
 */
async function confirmPassword(
  deps: AccountDeps,
  user: SessionUser,
  password: string,
  ip: string,
): Promise<void> {
  if (!(await checkPasswordLimited(deps, { email: user.email, password, ip })))
    throw new ValidationError({ currentPassword: 'auth.wrongPassword' });
}

/**
 * Changes the signed-in user's password. Every other session and every API
 * token of the user ends; the caller signs this session in again with the
 * user returned (a new session id, the new credentials' version).
 */
export async function changePassword(
  deps: AccountDeps,
  user: SessionUser,
  currentPassword: string,
  newPassword: string,
  ip: string,
  now: Date,
): Promise<SessionUser> {
  await confirmPassword(deps, user, currentPassword, ip);
  const problem = passwordProblem(newPassword, user.email);
  if (problem) throw new ValidationError({ newPassword: problem });
  const updated = await UserModel.findOneAndUpdate(
    { _id: user.id },
    { $set: { passwordHash: await hashPassword(newPassword) }, ...NEW_AUTH_VERSION },
    { returnDocument: 'after', projection: { authVersion: 1 }, lean: true },
  );
  if (!updated) throw new ValidationError({ currentPassword: 'auth.wrongPassword' });
  await revokeTokensCreatedBy(new Types.ObjectId(user.id), now);
  await recordSecurityEvent({
    type: 'password_changed',
    actor: user.id,
    ip,
    target: user.email,
    at: now,
  });
  return { ...user, authVersion: updated.authVersion };
}

/**
 * Starts an e-mail change: the new address gets a confirmation link (48 hours)
 * and becomes the account's only when it is followed. An address already in
 * use gets the "already registered" mail instead, and the caller the same answer.
 */
export async function requestEmailChange(
  deps: AccountDeps,
  user: SessionUser,
  password: string,
  rawEmail: string,
  ip: string,
  now: Date,
): Promise<void> {
  await confirmPassword(deps, user, password, ip);
  // Each request sends a mail to an address the caller chooses: a few an hour.
  await consume(deps.limits.accountMailByUser, user.id);
  const email = rawEmail.trim().toLowerCase();
  await consume(deps.limits.mailsToAddress, email);
  await recordSecurityEvent({
    type: 'email_change_requested',
    actor: user.id,
    ip,
    target: email,
    at: now,
  });
  if (await UserModel.exists({ email })) {
    await sendAccountMail(deps, email, 'already-registered', user.locale, {
      link: link(deps, '/login'),
    });
    return;
  }
  const token = await issueToken(
    new Types.ObjectId(user.id),
    'change_email',
    48 * 3_600_000,
    now,
    email,
  );
  await sendAccountMail(deps, email, 'confirm-email', user.locale, {
    name: user.name,
    link: link(deps, `/confirm-email?token=${token}`),
  });
}
