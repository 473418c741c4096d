import { keysetPage, NEWEST_FIRST, sortOf, type Page } from '../platform/keyset.ts';
import { createHash, randomBytes } from 'node:crypto';
import mongoose, { Schema, Types } from 'mongoose';
import { findSessionUser, type SessionUser } from './user-store.ts';

export const TOKEN_ROLES = ['officer', 'agency_admin', 'auditor', 'admin'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

/** Integration tokens: scoped to one role (and agency or jurisdiction); only the SHA-256 is kept. */
const apiTokenSchema = new Schema(
  {
    hash: { type: String, required: true },
    name: { type: String, required: true, maxlength: 200 },
    role: { type: String, enum: TOKEN_ROLES, required: true },
    agency: { type: String, default: null },
    jurisdiction: { type: String, default: null },
    createdBy: { type: Schema.Types.ObjectId, default: null },
    createdAt: { type: Date, required: true },
    lastUsedAt: { type: Date, default: null },
    revokedAt: { type: Date, default: null },
  },
  { collection: 'api_tokens', strict: 'throw' },
);
apiTokenSchema.index({ hash: 1 }, { unique: true });
apiTokenSchema.index({ createdBy: 1, revokedAt: 1 });
// The admin's list, newest first.
apiTokenSchema.index({ createdAt: -1, _id: -1 });
export const ApiTokenModel = mongoose.model('ApiToken', apiTokenSchema);

const PREFIX = 'haqq_';
const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export interface TokenScope {
  name: string;
  role: TokenRole;
  agency: string | null;
  jurisdiction: string | null;
}

/** Creates a token; the raw value is returned here once and never again. */
export async function createApiToken(
  scope: TokenScope,
  createdBy: string | null,
  now: Date,
): Promise<{ id: string; token: string }> {
  const token = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  const doc = await ApiTokenModel.create({
    ...scope,
    hash: digest(token),
    createdBy: createdBy ? new Types.ObjectId(createdBy) : null,
    createdAt: now,
  });
  return { id: doc._id.toString(), token };
}

export async function listApiTokens(page: Page = { limit: 200 }) {
  const sort = NEWEST_FIRST;
  const { items: docs, next } = await keysetPage(
    (where, limit) => ApiTokenModel.find(where, { hash: 0 }).sort(sortOf(sort)).limit(limit).lean(),
    {},
    sort,
    page,
  );
  const tokens = docs.map((doc) => ({
    id: doc._id.toString(),
    name: doc.name,
    role: doc.role,
    agency: doc.agency ?? null,
    jurisdiction: doc.jurisdiction ?? null,
    createdAt: doc.createdAt,
    lastUsedAt: doc.lastUsedAt ?? null,
    revokedAt: doc.revokedAt ?? null,
  }));
  return { tokens, next };
}

export async function revokeApiToken(id: string, now: Date): Promise<boolean> {
  if (!Types.ObjectId.isValid(id)) return false;
  const result = await ApiTokenModel.updateOne(
    { _id: new Types.ObjectId(id), revokedAt: null },
    { $set: { revokedAt: now } },
  );
  return result.matchedCount === 1;
}

/**
 * Whether a token's creator, as they are now, may still grant its scope: an
 * admin may grant any; anyone else only a role they hold, within their own
 * agency and jurisdiction. A token never acts beyond its creator's rights.
 */
export function creatorGrants(creator: SessionUser, scope: TokenScope): boolean {
  if (creator.roles.includes('admin')) return true;
  if (!creator.roles.includes(scope.role)) return false;
  if (scope.agency !== null && scope.agency !== creator.agency) return false;
  if (scope.role === 'officer' || scope.role === 'agency_admin')
    if (scope.agency === null) return false;
  return creator.jurisdiction === null || scope.jurisdiction === creator.jurisdiction;
}

/**
 * The user a bearer token acts as, or undefined for an unknown or revoked
 * token, or one whose creator is gone, deactivated or no longer holds the
 * rights it grants (checked at every call). The actor is the creator's own
 * user id, with the token's role and scope.
 */
export async function userOfToken(
  token: string,
  now: Date,
): Promise<(SessionUser & { tokenId: string }) | undefined> {
  if (!token.startsWith(PREFIX) || token.length > 200) return undefined;
  const doc = await ApiTokenModel.findOne({ hash: digest(token), revokedAt: null }).lean();
  if (!doc?.createdBy) return undefined;
  const creator = await findSessionUser(doc.createdBy.toString());
  const scope: TokenScope = {
    name: doc.name,
    role: doc.role,
    agency: doc.agency ?? null,
    jurisdiction: doc.jurisdiction ?? null,
  };
  if (!creator?.confirmed || !creatorGrants(creator, scope)) return undefined;
  // Record use at most hourly: one write per call would cost more than the call.
  if (!doc.lastUsedAt || now.getTime() - doc.lastUsedAt.getTime() > 3_600_000) {
    await ApiTokenModel.updateOne({ _id: doc._id }, { $set: { lastUsedAt: now } });
  }
  return {
    ...creator,
    tokenId: doc._id.toString(),
    roles: [scope.role],
    agency: scope.agency,
    jurisdiction: scope.jurisdiction,
  };
}
