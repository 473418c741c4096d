import { z } from 'zod';
import { AppError, ConflictError, ValidationError } from '../errors.ts';
import type { JurisdictionCalendars } from '../jurisdictions/jurisdiction-calendars.ts';
import { rulesByVersion } from '../jurisdictions/jurisdiction-rules.ts';
import type { SessionUser } from '../users/user-store.ts';
import { requestDeadline } from './request-deadline.ts';
import { decide, type Action } from './request-lifecycle.ts';
import { RequestModel } from './request-model.ts';
import { canActAsRequester, canHandleRequest, toPolicyRequest } from './request-policy.ts';
import { findVisibleRequest } from './request-service.ts';
import { appendEvent } from './request-store.ts';
import { Types } from 'mongoose';

const version = z.number().int().positive().optional();
const reason = z
  .string('validation.reason')
  .trim()
  .min(3, 'validation.reason')
  .max(5_000, 'validation.reason');

/** The body each action takes (`version` for optimistic concurrency). */
export const ACTION_BODIES = {
  acknowledge: z.object({ version }),
  extend: z.object({ version, reason }),
  answer: z.object({
    version,
    outcome: z.enum(['granted', 'partially_granted', 'refused', 'not_held'], 'validation.oneOf'),
    legalGrounds: z.array(z.string().max(60)).max(20).default([]),
    reason: z.string().trim().max(20_000, 'validation.reason').optional(),
  }),
  withdraw: z.object({ version }),
  clarify: z.object({
    version,
    question: z
      .string('validation.message')
      .trim()
      .min(3, 'validation.message')
      .max(20_000, 'validation.message'),
  }),
  reply: z.object({
    version,
    message: z
      .string('validation.message')
      .trim()
      .min(1, 'validation.message')
      .max(20_000, 'validation.message'),
  }),
} as const satisfies Record<Action, z.ZodType>;

type Bodies = { [A in Action]: z.infer<(typeof ACTION_BODIES)[A]> };

/**
 * One lifecycle action through the one door: the request as the user may see
 * it (404 otherwise), the permission, the table's verdict and the law's limits,
 * then the event and the snapshot. A stale `version` or a lost race is a 409.
 */
export async function applyAction<A extends Action>(
  calendars: JurisdictionCalendars,
  user: SessionUser,
  ref: string,
  action: A,
  input: Bodies[A],
  now: Date,
) {
  const request = await findVisibleRequest(user, ref);
  const policyView = toPolicyRequest(request);
  // The requester replies and withdraws; the agency does everything else.
  const requesterAction = action === 'withdraw' || action === 'reply';
  const allowed = requesterAction
    ? canActAsRequester(user, policyView)
    : canHandleRequest(user, policyView);
  if (!allowed)
    throw new AppError({
      status: 403,
      code: 'AUTH.FORBIDDEN',
      messageKey: 'error.forbidden.message',
    });
  if (input.version !== undefined && input.version !== request.version)
    throw new ConflictError('REQUEST.STALE', 'request.error.stale');

  const found = calendars.get(request.jurisdiction);
  const rules = found ? rulesByVersion(found.jurisdiction, request.rulesVersion) : undefined;
  if (!found || !rules) throw new Error(`no rules ${request.rulesVersion} for ${request.ref}`);
  const verdict = decide(action, request.status, {
    extensionCount: request.extensionCount,
    maxExtensions: rules.extension?.maxCount ?? 0,
  });
  if (!verdict.allowed) {
    throw verdict.reason === 'extension_limit'
      ? new AppError({
          status: 422,
          code: 'REQUEST.EXTENSION_LIMIT',
          messageKey: 'request.error.extensionLimit',
        })
      : new ConflictError('REQUEST.ILLEGAL_TRANSITION', 'request.error.illegalTransition');
  }

  const set: Record<string, unknown> = { status: verdict.to };
  const data: Record<string, unknown> = {};
  if (action === 'acknowledge') set.acknowledgedAt = now;
  if (action === 'withdraw') set.closedAt = now;
  if (action === 'extend') {
    const extensionCount = request.extensionCount + 1;
    const deadline = requestDeadline(
      { ...request, extensionCount, pauses: request.pauses },
      rules,
      found.calendar,
    );
    if (!deadline) throw new Error(`no deadline for ${request.ref}`);
    Object.assign(set, { extensionCount, dueAt: deadline.dueAt });
    Object.assign(data, {
      reason: (input as Bodies['extend']).reason,
      previousDueAt: request.dueAt,
      dueAt: deadline.dueAt,
    });
  }
  const author = Types.ObjectId.isValid(user.id) ? new Types.ObjectId(user.id) : null;
  if (action === 'clarify') {
    // The clock stops where the law says so; the pause ends with the requester's reply.
    const question = (input as Bodies['clarify']).question;
    set.messages = [
      ...request.messages,
      { at: now, author, side: 'agency', body: question, attachments: [] },
    ];
    if (rules.clarificationPausesClock) set.pauses = [...request.pauses, { from: now, to: null }];
  }
  if (action === 'reply') {
    const message = (input as Bodies['reply']).message;
    set.messages = [
      ...request.messages,
      { at: now, author, side: 'requester', body: message, attachments: [] },
    ];
    const pauses = request.pauses.map((pause) =>
      pause.to ? pause : { from: pause.from, to: now },
    );
    const deadline = requestDeadline({ ...request, pauses }, rules, found.calendar);
    if (!deadline) throw new Error(`no deadline for ${request.ref}`);
    Object.assign(set, { pauses, dueAt: deadline.dueAt });
    Object.assign(data, { previousDueAt: request.dueAt, dueAt: deadline.dueAt });
  }
  if (action === 'answer') {
    const answer = input as Bodies['answer'];
    const needsGrounds = answer.outcome === 'refused' || answer.outcome === 'partially_granted';
    const articles = new Set(rules.exemptions.map((e) => e.article));
    if (needsGrounds && answer.legalGrounds.length === 0)
      throw new ValidationError({ legalGrounds: 'validation.legalGrounds' });
    if (answer.legalGrounds.some((ground) => !articles.has(ground)))
      throw new ValidationError({ legalGrounds: 'validation.legalGrounds' });
    if (needsGrounds && !answer.reason) throw new ValidationError({ reason: 'validation.reason' });
    Object.assign(set, {
      outcome: answer.outcome,
      legalGrounds: answer.legalGrounds,
      answeredAt: now,
    });
    Object.assign(data, { reason: answer.reason ?? null });
  }
  await appendEvent(request, {
    type: verdict.event,
    actor: {
      user: Types.ObjectId.isValid(user.id) ? new Types.ObjectId(user.id) : null,
      role: user.roles[0] ?? 'unknown',
    },
    at: now,
    from: request.status,
    to: verdict.to,
    set,
    data,
  });
  const updated = await RequestModel.findById(request._id).lean();
  if (!updated) throw new Error(`request ${request.ref} vanished`);
  return updated;
}
