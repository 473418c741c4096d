import mongoose, { Schema } from 'mongoose';

/** Roles of DESIGN §1; officers and agency admins are bound to one agency. */
export const ROLES = ['citizen', 'officer', 'agency_admin', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const userSchema = new Schema(
  {
    email: { type: String, required: true, lowercase: true, trim: true, maxlength: 254 },
    passwordHash: { type: String, default: null },
    name: { type: String, required: true, trim: true, maxlength: 200 },
    locale: { type: String, enum: ['ar', 'en'], default: 'ar' },
    roles: { type: [{ type: String, enum: ROLES }], default: ['citizen'] },
    /** Agency code, for officers and agency admins. */
    agency: { type: String, default: null },
    /** Jurisdiction code for auditors; null means every jurisdiction. */
    jurisdiction: { type: String, default: null },
    emailVerifiedAt: { type: Date, default: null },
    failedLogins: { type: Number, default: 0 },
    lockedUntil: { type: Date, default: null },
    active: { type: Boolean, default: true },
    /**
     * Raised by every change of credentials (password, e-mail, deactivation):
     * a session signed in with an older value is over.
     */
    authVersion: { type: Number, default: 0 },
  },
  { collection: 'users', timestamps: true, strict: 'throw' },
);
userSchema.index({ email: 1 }, { unique: true });
userSchema.index({ agency: 1, roles: 1 });
// An agency admin's list of their agency's accounts, by address (keyset pages).
userSchema.index({ agency: 1, email: 1, _id: 1 });

export const UserModel = mongoose.model('User', userSchema);
