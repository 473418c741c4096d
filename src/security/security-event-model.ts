import mongoose, { Schema } from 'mongoose';

/** Kinds of security events; admins read them at /admin/audit. */
export const SECURITY_EVENT_TYPES = [
  'login',
  'login_failed',
  'lockout',
  'logout',
  'registration',
  'email_confirmed',
  'password_reset_requested',
  'password_reset',
  'holiday_override_added',
  'holiday_override_removed',
  'redaction_rules_changed',
  'redaction_rule_disabled',
  'invitation',
  'invitation_accepted',
  'account_deactivated',
  'password_changed',
  'email_change_requested',
  'email_changed',
  'api_token_created',
  'api_token_revoked',
  'portal_created',
  'portal_revoked',
  'stats_export',
] as const;
export type SecurityEventType = (typeof SECURITY_EVENT_TYPES)[number];

/** The security audit log: who did what, when, from where, to whom. Never a secret. */
const securityEventSchema = new Schema(
  {
    type: { type: String, enum: SECURITY_EVENT_TYPES, required: true },
    at: { type: Date, required: true },
    actor: { type: Schema.Types.ObjectId, default: null },
    ip: { type: String, default: null },
    target: { type: String, default: null },
    data: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: 'security_events', strict: 'throw', minimize: false },
);
securityEventSchema.index({ at: -1 });
securityEventSchema.index({ type: 1, at: -1 });

export const SecurityEventModel = mongoose.model('SecurityEvent', securityEventSchema);
