import {
  OPEN_STATUSES,
  REQUEST_STATUSES,
  RUNNING_STATUSES,
  type RequestStatus,
} from './request-states.ts';

/** Who may take an action: the requester, the handling agency, or the appeal body. */
export type ActionSide = 'requester' | 'agency' | 'either' | 'appeal_body';

const OPEN = OPEN_STATUSES;
const RUNNING = RUNNING_STATUSES;
const NOT_FINAL = [...OPEN, 'answered', 'appealed', 'appeal_decided'] as const;

/**
 * The lifecycle of DESIGN §3 as a pure table: which action may move a request
 * from which status, to which status (`null`: unchanged), recorded as which
 * event, taken by which side. Callers add the law's limits (extensions, the
 * appeal period) through {@link decide}'s context and the permission check
 * (request-policy) for the side.
 */
export const TRANSITIONS = {
  acknowledge: { from: ['submitted'], to: 'acknowledged', event: 'acknowledged', side: 'agency' },
  assign: { from: [...OPEN, 'appealed'], to: null, event: 'assigned', side: 'agency' },
  clarify: {
    from: RUNNING,
    to: 'awaiting_clarification',
    event: 'clarification_requested',
    side: 'agency',
  },
  reply: {
    from: ['awaiting_clarification'],
    to: 'acknowledged',
    event: 'clarified',
    side: 'requester',
  },
  message: { from: NOT_FINAL, to: null, event: 'message', side: 'either' },
  note: {
    from: [...NOT_FINAL, 'withdrawn', 'closed'],
    to: null,
    event: 'note',
    side: 'agency',
  },
  extend: { from: RUNNING, to: null, event: 'extended', side: 'agency' },
  transfer: { from: RUNNING, to: 'submitted', event: 'transferred', side: 'agency' },
  answer: { from: RUNNING, to: 'answered', event: 'answered', side: 'agency' },
  withdraw: { from: OPEN, to: 'withdrawn', event: 'withdrawn', side: 'requester' },
  appeal: {
    from: [...RUNNING, 'answered'],
    to: 'appealed',
    event: 'appealed',
    side: 'requester',
  },
  'decide-appeal': {
    from: ['appealed'],
    to: 'appeal_decided',
    event: 'appeal_decided',
    side: 'appeal_body',
  },
  // Takedown: a published request leaves the public pages, search and feeds, for a reason,
  // in any state (its text is public from filing, so personal data may need hiding at once).
  unpublish: {
    from: REQUEST_STATUSES,
    to: null,
    event: 'unpublished',
    side: 'agency',
  },
  close: {
    from: ['awaiting_clarification', 'answered', 'appeal_decided'],
    to: 'closed',
    event: 'closed',
    side: 'agency',
  },
} as const satisfies Record<
  string,
  { from: readonly RequestStatus[]; to: RequestStatus | null; event: string; side: ActionSide }
>;

export type Action = keyof typeof TRANSITIONS;
export const ACTIONS = Object.keys(TRANSITIONS) as Action[];

/** Events only the agency (and admins) ever see. */
export const INTERNAL_EVENTS: ReadonlySet<string> = new Set(['note', 'assigned']);

export type Refusal =
  'illegal_transition' | 'extension_limit' | 'not_appealable' | 'appeal_period_over';

export type Verdict =
  { allowed: true; to: RequestStatus; event: string } | { allowed: false; reason: Refusal };

/** What may be appealed and until when (see {@link appealWindow}). */
export interface AppealContext {
  /** Why the requester may appeal, or null when nothing is appealable. */
  ground: AppealGround | null;
  /** The end of the first stage's filing period; null where the law sets none. */
  until: Date | null;
}

export type AppealGround = 'refusal' | 'partial' | 'silence';

/**
 * Whether `action` may happen to a request in `status`, given the law's limits:
 * the extensions already granted and allowed, and what may be appealed until when.
 */
export function decide(
  action: Action,
  status: RequestStatus,
  context: {
    extensionCount?: number;
    maxExtensions?: number;
    appeal?: AppealContext;
    now?: Date;
  } = {},
): Verdict {
  const rule = TRANSITIONS[action];
  if (!(rule.from as readonly RequestStatus[]).includes(status))
    return { allowed: false, reason: 'illegal_transition' };
  if (action === 'extend' && (context.maxExtensions ?? 0) <= (context.extensionCount ?? 0)) {
    return { allowed: false, reason: 'extension_limit' };
  }
  if (action === 'appeal') {
    const appeal = context.appeal;
    if (!appeal?.ground) return { allowed: false, reason: 'not_appealable' };
    if (appeal.until && context.now && context.now.getTime() > appeal.until.getTime())
      return { allowed: false, reason: 'appeal_period_over' };
  }
  return { allowed: true, to: rule.to ?? status, event: rule.event };
}

/**
 * Why a request may be appealed: a refusal or a partial answer, or a silence
 * past the due date where the law makes silence a refusal (DESIGN §3).
 */
export function appealGround(
  request: { status: RequestStatus; outcome?: string | null; dueAt: Date },
  silenceIsRefusal: boolean,
  now: Date,
): AppealGround | null {
  if (request.status === 'answered') {
    if (request.outcome === 'refused') return 'refusal';
    if (request.outcome === 'partially_granted') return 'partial';
    return null;
  }
  if (isDeemedRefused(request, silenceIsRefusal, now)) return 'silence';
  return null;
}

/** The clock runs (the agency owes an answer) in these statuses. */
export function clockRuns(status: string): boolean {
  return (RUNNING as readonly string[]).includes(status);
}

/** Overdue: the due date has passed while the clock runs. Derived, never stored (DESIGN §3). */
export function isOverdue(request: { status: RequestStatus; dueAt: Date }, now: Date): boolean {
  return clockRuns(request.status) && request.dueAt.getTime() < now.getTime();
}

/** Deemed refused: overdue where the law makes silence a refusal. */
export function isDeemedRefused(
  request: { status: RequestStatus; dueAt: Date },
  silenceIsRefusal: boolean,
  now: Date,
): boolean {
  return silenceIsRefusal && isOverdue(request, now);
}
