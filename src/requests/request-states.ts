// The lifecycle's statuses and outcomes (DESIGN §3), defined once and pure: the transition
// table, the figures and the planners read them without loading the database driver; the
// schema (request-model.ts) takes its enums from here.

/** Statuses of the lifecycle (DESIGN §3). Overdue is derived, never a status. */
export const REQUEST_STATUSES = [
  'submitted',
  'acknowledged',
  'awaiting_clarification',
  'answered',
  'appealed',
  'appeal_decided',
  'withdrawn',
  'closed',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/**
 * The status sets, defined here once: `RUNNING_STATUSES`, the response clock
 * runs; `OPEN_STATUSES`, the agency has not answered yet (the clock runs or
 * waits for the requester's reply); `REMINDED_STATUSES`, reminders are
 * planned (the clock runs, or an appeal waits for its decision).
 */
export const RUNNING_STATUSES = ['submitted', 'acknowledged'] as const;
export const OPEN_STATUSES = [...RUNNING_STATUSES, 'awaiting_clarification'] as const;
export const REMINDED_STATUSES = [...RUNNING_STATUSES, 'appealed'] as const;

export const OUTCOMES = [
  'granted',
  'partially_granted',
  'refused',
  'not_held',
  'transferred_out',
] as const;
export type Outcome = (typeof OUTCOMES)[number];
