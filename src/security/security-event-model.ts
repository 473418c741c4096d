import mongoose, { Schema } from 'mongoose';
import { SECURITY_EVENT_TYPES } from './security-event-types.ts';

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
