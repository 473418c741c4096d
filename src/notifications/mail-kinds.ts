// What mails a request can cause, by kind: the events' mails and the reminders (DESIGN §6).
// Pure lists, so the reminder planner and the templates' test load no driver.

/** The mails a request's events cause (templates: `mail.request.<kind>.*` in both languages). */
export const REQUEST_MAIL_KINDS = [
  'filed',
  'new-request',
  'acknowledged',
  'assigned',
  'clarification-requested',
  'clarified',
  'message-to-requester',
  'message-to-agency',
  'extended',
  'transferred',
  'transferred-in',
  'answered',
  'appealed',
  'appeal-decided',
  'withdrawn',
  'closed',
] as const;
export type RequestMailKind = (typeof REQUEST_MAIL_KINDS)[number];

/** The reminders of DESIGN §6; `appeal-*` watch the appeal body's own deadline. */
export const REMINDER_KINDS = [
  'due-soon',
  'due-today',
  'overdue',
  'escalation',
  'deemed-refused',
  'appeal-due-soon',
  'appeal-due-today',
  'appeal-overdue',
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];
