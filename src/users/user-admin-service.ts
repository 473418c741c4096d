import { keysetPage, sortOf, type Page } from '../platform/keyset.ts';
import { Types } from 'mongoose';
import { findAgency, isActiveAgency } from '../agencies/agency-store.ts';
import { recordSecurityEvent } from '../security/security-log.ts';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import { t, type Locale } from '../i18n/i18n.ts';
import type { JurisdictionRegistry } from '../jurisdictions/jurisdiction-registry.ts';
import { isDuplicateKeyError } from '../platform/db-errors.ts';
import { link, sendAccountMail, type AccountDeps } from './account-mail.ts';
import { consume } from '../platform/rate-limits.ts';
import { endSessionsAndTokens } from './credential-revocation.ts';
import { UserModel } from './user-model.ts';
import type { SessionUser } from './user-store.ts';
import { issueToken } from './user-token-store.ts';

export const INVITABLE_ROLES = ['officer', 'agency_admin', 'auditor', 'admin'] as const;
type InvitableRole = (typeof INVITABLE_ROLES)[number];

export interface Invitation {
  email: string;
  name: string;
  role: InvitableRole;
  agency?: string | undefined;
  jurisdiction?: string | undefined;
  locale: Locale;
}

const forbidden = () =>
  new AppError({ status: 403, code: 'AUTH.FORBIDDEN', messageKey: 'error.forbidden.message' });
const isAdmin = (user: SessionUser) => user.roles.includes('admin');

/**
 * Who may invite whom (DESIGN §7): admins invite anyone; an agency admin
 * invites officers of their own agency only.
 */
function mayInvite(inviter: SessionUser, invitation: Pick<Invitation, 'role' | 'agency'>): boolean {
  if (isAdmin(inviter)) return true;
  return (
    inviter.roles.includes('agency_admin') &&
    invitation.role === 'officer' &&
    invitation.agency === inviter.agency
  );
}

/** Creates the invited account (no password yet) and mails it a set-password link valid 7 days. */
export async function invite(
  deps: AccountDeps,
  registry: JurisdictionRegistry,
  inviter: SessionUser,
  input: Invitation,
  ip: string,
  now: Date,
): Promise<string> {
  const invitation = {
    ...input,
    email: input.email.trim().toLowerCase(),
    agency:
      input.agency ??
      (inviter.roles.includes('agency_admin') ? (inviter.agency ?? undefined) : undefined),
  };
  if (!mayInvite(inviter, invitation)) throw forbidden();
  await consume(deps.limits.invitationsByUser, inviter.id);
  const needsAgency = invitation.role === 'officer' || invitation.role === 'agency_admin';
  if (needsAgency && (!invitation.agency || !(await isActiveAgency(invitation.agency)))) {
    throw new ValidationError({ agency: 'validation.agency' });
  }
  if (
    invitation.role === 'auditor' &&
    invitation.jurisdiction &&
    !registry.get(invitation.jurisdiction)
  ) {
    throw new ValidationError({ jurisdiction: 'validation.oneOf' });
  }
  const user = await UserModel.create({
    email: invitation.email,
    name: invitation.name.trim(),
    passwordHash: null,
    roles: [invitation.role],
    locale: invitation.locale,
    agency: needsAgency ? invitation.agency : null,
    jurisdiction: invitation.role === 'auditor' ? (invitation.jurisdiction ?? null) : null,
  }).catch((error: unknown) => {
    if (isDuplicateKeyError(error))
      throw new ConflictError('USER.EMAIL_TAKEN', 'user.emailTaken', error);
    throw error;
  });
  const token = await issueToken(user._id, 'invitation', 7 * 24 * 3_600_000, now);
  // The agency or country by its name in the mail's language, not by its code.
  const { locale } = invitation;
  const scopeName = user.agency
    ? ((await findAgency(user.agency))?.name[locale] ?? user.agency)
    : user.jurisdiction
      ? (registry.get(user.jurisdiction)?.name[locale] ?? user.jurisdiction)
      : null;
  const scope = scopeName ? ` (${scopeName})` : '';
  await sendAccountMail(deps, user.email, 'invitation', invitation.locale, {
    name: user.name,
    inviter: inviter.name,
    role: t(invitation.locale, `role.${invitation.role}`),
    scope,
    link: link(deps, `/set-password?token=${token}`),
  });
  await recordSecurityEvent({
    type: 'invitation',
    actor: inviter.id,
    ip,
    target: user.email,
    at: now,
    data: { role: invitation.role, agency: user.agency, jurisdiction: user.jurisdiction },
  });
  return user._id.toString();
}

/** The accounts an admin (all) or an agency admin (their agency's) may manage. */
export async function listManagedUsers(manager: SessionUser, page: Page = { limit: 200 }) {
  const filter = isAdmin(manager) ? {} : { agency: manager.agency ?? '-' };
  const sort = [
    ['email', 1],
    ['_id', 1],
  ] as const;
  const { items: users, next } = await keysetPage(
    (where, limit) =>
      UserModel.find(where, {
        email: 1,
        name: 1,
        roles: 1,
        agency: 1,
        jurisdiction: 1,
        active: 1,
        emailVerifiedAt: 1,
      })
        .sort(sortOf(sort))
        .limit(limit)
        .lean(),
    filter,
    sort,
    page,
  );
  return {
    users: users.map((user) => ({
      id: user._id.toString(),
      email: user.email,
      name: user.name,
      roles: user.roles,
      agency: user.agency ?? null,
      jurisdiction: user.jurisdiction ?? null,
      active: user.active,
      verified: Boolean(user.emailVerifiedAt),
    })),
    next,
  };
}

/**
 * An account `manager` may manage (admins: any; agency admins: their agency's officers), or
 * 404 as if it did not exist.
 */
export async function manageableAccount(manager: SessionUser, userId: string) {
  if (!Types.ObjectId.isValid(userId)) throw new NotFoundError('USER.NOT_FOUND');
  const target = await UserModel.findById(userId, {
    roles: 1,
    agency: 1,
    email: 1,
    name: 1,
  }).lean();
  const manageable =
    target &&
    (isAdmin(manager) ||
      (manager.roles.includes('agency_admin') &&
        target.agency === manager.agency &&
        target.roles.every((role) => role === 'officer')));
  if (!target || !manageable) throw new NotFoundError('USER.NOT_FOUND');
  return target;
}

/**
 * Deactivates an account; its sessions end at their next request. An account
 * the manager may not manage answers 404, as if it did not exist.
 */
export async function deactivate(
  manager: SessionUser,
  userId: string,
  ip: string,
  now: Date,
): Promise<void> {
  const target = await manageableAccount(manager, userId);
  if (target._id.toString() === manager.id)
    throw new AppError({
      status: 409,
      code: 'USER.SELF_DEACTIVATION',
      messageKey: 'user.selfDeactivation',
    });
  await UserModel.updateOne({ _id: target._id }, { $set: { active: false } });
  await endSessionsAndTokens(target._id, now);
  await recordSecurityEvent({
    type: 'account_deactivated',
    actor: manager.id,
    ip,
    target: target.email,
    at: now,
  });
}
