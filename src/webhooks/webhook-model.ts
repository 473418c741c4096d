import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { WEBHOOK_EVENT_TYPES } from './webhook-event-types.ts';

/**
 * An agency system's endpoint: where the agency's request events are POSTed,
 * signed with its secret (kept sealed: see webhook-secret-box.ts). An endpoint
 * that keeps failing is paused, and its agency's admins told once.
 */
const endpointSchema = new Schema(
  {
    agency: { type: String, required: true },
    url: { type: String, required: true, maxlength: 2_000 },
    events: { type: [String], enum: WEBHOOK_EVENT_TYPES, required: true },
    secretBox: { type: String, required: true },
    /** Whether deliveries carry the requester's name and e-mail (off unless an admin turns it on). */
    includePersonalData: { type: Boolean, default: false },
    status: { type: String, enum: ['active', 'paused', 'deleted'], default: 'active' },
    /** Deliveries that failed every attempt, in a row; a success resets it. */
    failuresInARow: { type: Number, default: 0 },
    pausedAt: { type: Date, default: null },
    createdBy: { type: Schema.Types.ObjectId, default: null },
  },
  { collection: 'webhook_endpoints', timestamps: true, strict: 'throw' },
);
// The endpoints an event goes to: its agency's live ones; and the agency's list.
endpointSchema.index({ agency: 1, status: 1 });
// An admin's list of every agency's, newest first.
endpointSchema.index({ createdAt: -1, _id: -1 });
// An agency admin's list, newest first.
endpointSchema.index({ agency: 1, createdAt: -1, _id: -1 });

export type WebhookEndpoint = InferSchemaType<typeof endpointSchema> & {
  _id: mongoose.Types.ObjectId;
};
export const WebhookEndpointModel = mongoose.model('WebhookEndpoint', endpointSchema);

/** One attempt to deliver one event to one endpoint: the delivery log (kept 30 days). */
const deliverySchema = new Schema(
  {
    endpoint: { type: Schema.Types.ObjectId, required: true },
    eventId: { type: String, required: true },
    type: { type: String, required: true },
    ref: { type: String, required: true },
    attempt: { type: Number, required: true },
    replay: { type: Boolean, default: false },
    at: { type: Date, required: true },
    ok: { type: Boolean, required: true },
    responseCode: { type: Number, default: null },
    latencyMs: { type: Number, required: true },
    error: { type: String, default: null },
  },
  { collection: 'webhook_deliveries', strict: 'throw', versionKey: false },
);
// An endpoint's log, newest first.
deliverySchema.index({ endpoint: 1, at: -1, _id: -1 });
// Kept 30 days.
deliverySchema.index({ at: 1 }, { expireAfterSeconds: 30 * 86_400 });
export const WebhookDeliveryModel = mongoose.model('WebhookDelivery', deliverySchema);
