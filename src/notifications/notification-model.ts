import mongoose, { Schema } from 'mongoose';

/**
 * One document per mail sent (DESIGN §6). The unique `key`
 * (`<requestId>_<kind>_<dueAtEpochMs>_<userId>`) is the real guard against a
 * second send: BullMQ forgets the ids of removed jobs.
 */
const notificationSchema = new Schema(
  {
    key: { type: String, required: true, match: /^[A-Za-z0-9_-]+$/ },
    request: { type: Schema.Types.ObjectId, default: null },
    kind: { type: String, required: true },
    recipient: { type: Schema.Types.ObjectId, default: null },
    at: { type: Date, required: true },
  },
  { collection: 'notifications', strict: 'throw' },
);
notificationSchema.index({ key: 1 }, { unique: true });
notificationSchema.index({ request: 1, at: 1 });

export const NotificationModel = mongoose.model('Notification', notificationSchema);
