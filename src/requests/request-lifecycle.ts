import type { RequestStatus } from './request-model.ts';

/**
 * The lifecycle of DESIGN §3 as a pure table: which action may move a request
 * from which status, to which status, recorded as which event. Callers add the
 * law's limits (extensions) and the permission check (request-policy).
 */
export const TRANSITIONS = {
  acknowledge: { from: ['submitted'], to: 'acknowledged', event: 'acknowledged' },
  extend: { from: ['submitted', 'acknowledged'], to: null, event: 'extended' },
  answer: { from: ['submitted', 'acknowledged'], to: 'answered', event: 'answered' },
  withdraw: {
    from: ['submitted', 'acknowledged', 'awaiting_clarification'],
    to: 'withdrawn',
    event: 'withdrawn',
  },
  clarify: {
    from: ['submitted', 'acknowledged'],
    to: 'awaiting_clarification',
    event: 'clarification_requested',
  },
  reply: { from: ['awaiting_clarification'], to: 'acknowledged', event: 'clarified' },
} as const satisfies Record<
  string,
  { from: readonly RequestStatus[]; to: RequestStatus | null; event: string }
>;

export type Action = keyof typeof TRANSITIONS;
export const ACTIONS = Object.keys(TRANSITIONS) as Action[];

export type Verdict =
  | { allowed: true; to: RequestStatus; event: string }
  | { allowed: false; reason: 'illegal_transition' | 'extension_limit' };

/** Whether `action` may happen to a request in `status` (and, for extensions, with so many already). */
export function decide(
  action: Action,
  status: RequestStatus,
  context: { extensionCount?: number; maxExtensions?: number } = {},
): Verdict {
  const rule = TRANSITIONS[action];
  if (!(rule.from as readonly RequestStatus[]).includes(status))
    return { allowed: false, reason: 'illegal_transition' };
  if (action === 'extend' && (context.maxExtensions ?? 0) <= (context.extensionCount ?? 0)) {
    return { allowed: false, reason: 'extension_limit' };
  }
  return { allowed: true, to: rule.to ?? status, event: rule.event };
}
