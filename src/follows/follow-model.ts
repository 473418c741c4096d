import mongoose, { Schema } from 'mongoose';

export const FOLLOW_KINDS = ['request', 'agency', 'search'] as const;
export type FollowKind = (typeof FOLLOW_KINDS)[number];

/**
 * A visitor's subscription by e-mail to a request, an agency or a search
 * (double opt-in: nothing is sent but the confirmation until it is confirmed).
 * Only a hash of its token is kept; the token itself is in the mails' links.
 */
const followSchema = new Schema(
  {
    email: { type: String, required: true, lowercase: true, trim: true },
    kind: { type: String, enum: FOLLOW_KINDS, required: true },
    /** The request's ref, the agency's code, or the search's query string. */
    target: { type: String, required: true },
    locale: { type: String, enum: ['ar', 'en'], required: true },
    tokenHash: { type: String, required: true },
    confirmedAt: { type: Date, default: null },
    unsubscribedAt: { type: Date, default: null },
    /** What the last digest covered up to: the next one reports what came after. */
    coveredUntil: { type: Date, default: null },
  },
  { collection: 'follows', timestamps: true, strict: 'throw' },
);
followSchema.index({ email: 1, kind: 1, target: 1 }, { unique: true });
followSchema.index({ tokenHash: 1 }, { unique: true });
// The digest's read: the addresses with confirmed, active follows.
followSchema.index({ confirmedAt: 1, unsubscribedAt: 1, email: 1 });

export const FollowModel = mongoose.model('Follow', followSchema);
