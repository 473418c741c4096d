import { Types } from 'mongoose';
import { SecurityEventModel, type SecurityEventType } from './security-event-model.ts';

export interface SecurityEventInput {
  type: SecurityEventType;
  actor?: string | null;
  ip?: string | null;
  /** What the action was about: an e-mail, a jurisdiction, an id. */
  target?: string | null;
  data?: Record<string, unknown>;
  at?: Date;
}

/** Appends one event to the security audit log. */
export async function recordSecurityEvent(input: SecurityEventInput): Promise<void> {
  await SecurityEventModel.create({
    type: input.type,
    at: input.at ?? new Date(),
    actor:
      input.actor && Types.ObjectId.isValid(input.actor) ? new Types.ObjectId(input.actor) : null,
    ip: input.ip ?? null,
    target: input.target ?? null,
    data: input.data ?? {},
  });
}

/** The newest events first, optionally of one type. */
export async function listSecurityEvents(
  options: { type?: SecurityEventType; limit?: number } = {},
) {
  return SecurityEventModel.find(options.type ? { type: options.type } : {})
    .sort({ at: -1, _id: -1 })
    .limit(options.limit ?? 200)
    .lean();
}
