import type { Types } from 'mongoose';
import { NotificationModel } from './notification-model.ts';

/** The mails a request caused, in the order they were sent (its timeline, for its agency). */
export function notificationsOf(request: Types.ObjectId) {
  return NotificationModel.find({ request }, { kind: 1, at: 1, recipient: 1 })
    .sort({ at: 1 })
    .lean();
}
