import { keysetPage, sortOf, type Page } from '../platform/keyset.ts';
import { Types } from 'mongoose';
import { SecurityEventModel } from './security-event-model.ts';
import { type SecurityEventType } from './security-event-types.ts';

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
  options: { type?: SecurityEventType } = {},
  page: Page = { limit: 200 },
) {
  const sort = [
    ['at', -1],
    ['_id', -1],
  ] as const;
  return keysetPage(
    (where, limit) => SecurityEventModel.find(where).sort(sortOf(sort)).limit(limit).lean(),
    options.type ? { type: options.type } : {},
    sort,
    page,
  );
}
