import type { Types } from 'mongoose';
import { ApiTokenModel } from './api-token-store.ts';
import { UserModel } from './user-model.ts';

/**
 * The update that ends every session of a user: each session carries the
 * `authVersion` it was signed in with, and one that no longer matches is
 * refused at the next request (src/http/middleware/auth.ts). Callers merge it into the
 * write that changes the credentials, so both happen together.
 */
export const NEW_AUTH_VERSION = { $inc: { authVersion: 1 } } as const;

/** Revokes every API token the user created (a change of credentials or rights ends them). */
export async function revokeTokensCreatedBy(user: Types.ObjectId, now: Date): Promise<number> {
  const result = await ApiTokenModel.updateMany(
    { createdBy: user, revokedAt: null },
    { $set: { revokedAt: now } },
  );
  return result.modifiedCount;
}

/**
 * Ends every session and API token of a user (deactivation, a confirmed change
 * of e-mail); a password change or reset merges NEW_AUTH_VERSION into its own
 * write instead, then calls revokeTokensCreatedBy.
 */
export async function endSessionsAndTokens(user: Types.ObjectId, now: Date): Promise<void> {
  await UserModel.updateOne({ _id: user }, NEW_AUTH_VERSION);
  await revokeTokensCreatedBy(user, now);
}
