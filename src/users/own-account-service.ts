import { recordSecurityEvent } from '../audit/security-log.ts';
import { ValidationError } from '../errors.ts';
import { checkCredentials } from '../web/auth.ts';
import { link, sendAccountMail, type AccountDeps } from './account-service.ts';
import { hashPassword } from './password.ts';
import { passwordProblem } from './password-policy.ts';
import { UserModel } from './user-model.ts';
import type { SessionUser } from './user-store.ts';
import { issueToken } from './user-token-store.ts';

/** The signed-in user's password, checked before any change to the account. */
async function confirmPassword(user: SessionUser, password: string): Promise<void> {
  if (!(await checkCredentials(user.email, password)))
    throw new ValidationError({ currentPassword: 'auth.wrongPassword' });
}

/** Changes the signed-in user's password (the caller then renews the session id). */
export async function changePassword(
  user: SessionUser,
  currentPassword: string,
  newPassword: string,
  ip: string,
  now: Date,
): Promise<void> {
  await confirmPassword(user, currentPassword);
  const problem = passwordProblem(newPassword, user.email);
  if (problem) throw new ValidationError({ newPassword: problem });
  await UserModel.updateOne(
    { _id: user.id },
    { $set: { passwordHash: await hashPassword(newPassword) } },
  );
  await recordSecurityEvent({
    type: 'password_changed',
    actor: user.id,
    ip,
    target: user.email,
    at: now,
  });
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
  await confirmPassword(user, password);
  const email = rawEmail.trim().toLowerCase();
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
  const token = await issueToken(await idOf(user), 'change_email', 48 * 3_600_000, now, email);
  await sendAccountMail(deps, email, 'confirm-email', user.locale, {
    name: user.name,
    link: link(deps, `/confirm-email?token=${token}`),
  });
}

async function idOf(user: SessionUser) {
  const doc = await UserModel.findById(user.id, { _id: 1 }).lean();
  if (!doc) throw new ValidationError({ currentPassword: 'auth.wrongPassword' });
  return doc._id;
}
