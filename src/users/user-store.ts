import mongoose, { Types } from 'mongoose';
import type { Role } from './user-model.ts';
import { UserModel } from './user-model.ts';

/** What a request needs to know about its signed-in user (never the password hash). */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  locale: 'ar' | 'en';
  roles: Role[];
  agency: string | null;
  jurisdiction: string | null;
  /** Whether the address was confirmed: an unconfirmed account may not act. */
  confirmed: boolean;
  /** The credentials' version its sessions were signed in with (src/http/middleware/auth.ts). */
  authVersion: number;
  /** Set when the call is made with an API token (the token's id): it acts for its creator. */
  tokenId?: string;
}

const PUBLIC_FIELDS = {
  email: 1,
  name: 1,
  locale: 1,
  roles: 1,
  agency: 1,
  jurisdiction: 1,
  active: 1,
  emailVerifiedAt: 1,
  authVersion: 1,
} as const;

function toSessionUser(doc: {
  _id: Types.ObjectId;
  email: string;
  name: string;
  locale?: string | null;
  roles: string[];
  agency?: string | null;
  jurisdiction?: string | null;
  emailVerifiedAt?: Date | null;
  authVersion?: number | null;
}): SessionUser {
  return {
    id: doc._id.toString(),
    email: doc.email,
    name: doc.name,
    locale: doc.locale === 'en' ? 'en' : 'ar',
    roles: doc.roles as Role[],
    agency: doc.agency ?? null,
    jurisdiction: doc.jurisdiction ?? null,
    confirmed: doc.emailVerifiedAt != null,
    authVersion: doc.authVersion ?? 0,
  };
}

/** An active user by id, as the session sees it. */
export async function findSessionUser(id: string): Promise<SessionUser | undefined> {
  if (!Types.ObjectId.isValid(id)) return undefined;
  const doc = await UserModel.findOne(
    { _id: new Types.ObjectId(id), active: true },
    PUBLIC_FIELDS,
  ).lean();
  return doc ? toSessionUser(doc) : undefined;
}

/** An active user by e-mail with the password hash, for checking a login. */
export async function findLoginCandidate(
  email: string,
): Promise<{ user: SessionUser; passwordHash: string | null } | undefined> {
  const doc = await UserModel.findOne({ email: email.trim().toLowerCase(), active: true }).lean();
  return doc ? { user: toSessionUser(doc), passwordHash: doc.passwordHash ?? null } : undefined;
}

/**
 * The filter for the active officers and agency admins of an agency (or of any
 * of several): who handles its requests, is mailed about them, and may be assigned.
 */
export function activeStaffOf(agency: string | readonly string[]): Record<string, unknown> {
  return {
    agency: typeof agency === 'string' ? agency : mongoose.trusted({ $in: agency }),
    active: true,
    roles: mongoose.trusted({ $in: ['officer', 'agency_admin'] }),
  };
}

/**
 * Who is told of a problem with an agency's own settings (a webhook paused, a
 * redaction pattern disabled): its active agency admins, or the admins where it has none.
 */
export async function agencyAdminsOrAdmins(agency: string): Promise<{ _id: Types.ObjectId }[]> {
  const admins = await UserModel.find(
    { active: true, agency, roles: 'agency_admin' },
    { _id: 1 },
  ).lean();
  return admins.length > 0
    ? admins
    : UserModel.find({ active: true, roles: 'admin' }, { _id: 1 }).lean();
}

/** The active officers and agency admins of an agency, by name: who may be assigned. */
export async function activeStaffNames(
  agency: string,
): Promise<{ _id: Types.ObjectId; name: string }[]> {
  return UserModel.find(activeStaffOf(agency), { name: 1 }).sort({ name: 1 }).lean();
}

/** The names of users by id (for lists that name people, such as the mails a request sent). */
export async function namesOf(ids: readonly string[]): Promise<Map<string, string>> {
  const valid = ids.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id));
  if (valid.length === 0) return new Map();
  const users = await UserModel.find({ _id: mongoose.trusted({ $in: valid }) }, { name: 1 }).lean();
  return new Map(users.map((u) => [u._id.toString(), u.name]));
}
