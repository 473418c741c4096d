import { createHash, randomBytes } from 'node:crypto';
import mongoose, { Schema, type Types } from 'mongoose';

export const TOKEN_PURPOSES = [
  'confirm_email',
  'reset_password',
  'invitation',
  'change_email',
] as const;
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
export const UserTokenModel = mongoose.model('UserToken', userTokenSchema);

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

/** Issues a token for `user`; the raw value is returned once, for the mail. */
export async function issueToken(
  user: Types.ObjectId,
  purpose: TokenPurpose,
  ttlMs: number,
  now: Date,
  email: string | null = null,
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
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
  return used ? { user: used.user, email: used.email ?? null } : undefined;
}

/** Uses a token once: its user, or undefined. */
export async function useToken(
  token: string,
  purpose: TokenPurpose,
  now: Date,
): Promise<Types.ObjectId | undefined> {
  return (await useTokenWithEmail(token, purpose, now))?.user;
}
