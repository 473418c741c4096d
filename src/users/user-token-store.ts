import { createHash, randomBytes } from 'node:crypto';
import mongoose, { Schema, type Types } from 'mongoose';

const TOKEN_PURPOSES = ['confirm_email', 'reset_password', 'invitation', 'change_email'] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

/** Single-use tokens mailed to users; only their SHA-256 is stored. */
const userTokenSchema = new Schema(
  {
    hash: { type: String, required: true },
    user: { type: Schema.Types.ObjectId, required: true },
    purpose: { type: String, enum: TOKEN_PURPOSES, required: true },
    expiresAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
    /** For `change_email`: the new address, confirmed by this token. */
    email: { type: String, default: null },
    /** When it was used; a token works while this is null. */
    usedAt: { type: Date, default: null },
  },
  { collection: 'user_tokens', strict: 'throw' },
);
userTokenSchema.index({ hash: 1 }, { unique: true });
userTokenSchema.index({ user: 1, purpose: 1, usedAt: 1 });
const UserTokenModel = mongoose.model('UserToken', userTokenSchema);

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

/** Ends the unused tokens of one purpose of a user (they then read as used). */
async function endTokensOf(user: Types.ObjectId, purpose: TokenPurpose, now: Date): Promise<void> {
  await UserTokenModel.updateMany({ user, purpose, usedAt: null }, { $set: { usedAt: now } });
}

/**
 * Issues a token for `user`; the raw value is returned once, for the mail. The
 * user's earlier tokens of the same purpose end: only the latest link works.
 */
export async function issueToken(
  user: Types.ObjectId,
  purpose: TokenPurpose,
  ttlMs: number,
  now: Date,
  email: string | null = null,
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await endTokensOf(user, purpose, now);
  await UserTokenModel.create({
    hash: digest(token),
    user,
    purpose,
    expiresAt: new Date(now.getTime() + ttlMs),
    createdAt: now,
    email,
  });
  return token;
}

/** Uses a token once, with the address a `change_email` token confirms; undefined when unknown, expired, of another purpose or already used. */
export async function useTokenWithEmail(
  token: string,
  purpose: TokenPurpose,
  now: Date,
): Promise<{ user: Types.ObjectId; email: string | null } | undefined> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  // One guarded write: of two racing uses, exactly one finds `usedAt` null.
  const used = await UserTokenModel.findOneAndUpdate(
    { hash: digest(token), purpose, usedAt: null, expiresAt: mongoose.trusted({ $gt: now }) },
    { $set: { usedAt: now } },
    { lean: true },
  );
  if (!used) return undefined;
  // Any other link of the same kind ends with this use.
  await endTokensOf(used.user, purpose, now);
  return { user: used.user, email: used.email ?? null };
}

/** Uses a token once: its user, or undefined. */
export async function useToken(
  token: string,
  purpose: TokenPurpose,
  now: Date,
): Promise<Types.ObjectId | undefined> {
  return (await useTokenWithEmail(token, purpose, now))?.user;
}
