import type { JurisdictionCalendars } from '../jurisdictions/jurisdiction-calendars.ts';
import { NotificationModel } from '../notifications/notification-model.ts';
import {
  recipients,
  REQUEST_MAIL_JOB,
  type Audience,
  type NotifiedRequest,
  type RequestMailJob,
} from '../notifications/request-notifier.ts';
import type { Queues } from '../platform/queues.ts';
import { reminderJobId, type ReminderSettings } from './reminder-plan.ts';
import { type ReminderKind } from '../notifications/mail-kinds.ts';
import { addReminderJobs, remindersOf, type ReminderJob } from './reminder-scheduler.ts';
import { remindedRequests, requestFields } from '../requests/request-reads.ts';

export interface ReminderDeps {
  queues: Pick<Queues, 'deadlines' | 'mail'>;
  calendars: JurisdictionCalendars;
  settings: ReminderSettings;
  /** The clock (injectable: no test waits for real days). */
  now: () => Date;
}

/** Who is reminded of what. */
const AUDIENCE: Readonly<Record<ReminderKind, Audience>> = {
  'due-soon': 'handlers',
  'due-today': 'handlers',
  overdue: 'handlers',
  escalation: 'escalation',
  'deemed-refused': 'requester',
  'appeal-due-soon': 'appeal_body',
  'appeal-due-today': 'appeal_body',
  'appeal-overdue': 'appeal_body',
};

/** Who is told of a reminder of `kind` about `request` (user ids). */
export function reminderRecipients(
  request: NotifiedRequest,
  kind: ReminderKind,
): Promise<string[]> {
  return recipients(request, AUDIENCE[kind]);
}

/** The fields a reminder (its plan and its recipients) reads of a request. */
export const REMINDER_FIELDS = {
  agency: 1,
  jurisdiction: 1,
  rulesVersion: 1,
  status: 1,
  dueAt: 1,
  assignee: 1,
  requester: 1,
  appeal: 1,
} as const;

/**
 * A reminder job fires: it re-reads the request and does nothing unless the
 * reminder is still in the request's plan (still open, the clock running, the
 * same due date); then it queues one mail per recipient, keyed
 * `<requestId>_<kind>_<dueAtMs>_<recipient>` so each is sent once.
 */
export async function fireReminder(deps: ReminderDeps, data: ReminderJob): Promise<number> {
  const request = await requestFields(data.requestId, REMINDER_FIELDS);
  if (!request) return 0;
  const current = remindersOf(deps.calendars, request, deps.settings).some(
    (reminder) => reminder.kind === data.kind && reminder.dueAtMs === data.dueAtMs,
  );
  if (!current) return 0;
  const base = reminderJobId(data.requestId, data);
  const mails: RequestMailJob[] = (await reminderRecipients(request, data.kind)).map(
    (recipient) => ({
      key: `${base}_${recipient}`,
      requestId: data.requestId,
      seq: 0,
      kind: data.kind,
      recipient,
    }),
  );
  if (mails.length > 0)
    await REQUEST_MAIL_JOB.addBulk(
      deps.queues,
      mails.map((mail) => ({ data: mail, opts: { jobId: mail.key } })),
    );
  return mails.length;
}

/**
 * Rebuilds the schedule from MongoDB (DESIGN §6): for every request with a
 * running clock or a pending appeal, a reminder still to come gets its job if
 * Redis lost it; a reminder whose time passed with nothing sent runs now,
 * once (its mails are keyed). Returns how many jobs it added.
 */
export async function reconcile(deps: ReminderDeps): Promise<number> {
  const now = deps.now();
  let added = 0;
  const cursor = remindedRequests(deps.calendars.codes(), REMINDER_FIELDS);
  for await (const request of cursor) {
    const requestId = request._id.toString();
    const plan = remindersOf(deps.calendars, request, deps.settings);
    if (plan.length === 0) continue;
    const [jobs, sent] = await Promise.all([
      Promise.all(plan.map((r) => deps.queues.deadlines.getJob(reminderJobId(requestId, r)))),
      NotificationModel.find({ request: request._id }, { key: 1 }).lean(),
    ]);
    const sentKeys = sent.map((n) => n.key);
    const missing = plan.filter((reminder, i) => {
      if (jobs[i]) return false;
      if (reminder.at.getTime() > now.getTime()) return true;
      const prefix = `${reminderJobId(requestId, reminder)}_`;
      return !sentKeys.some((key) => key.startsWith(prefix));
    });
    await addReminderJobs(deps.queues, requestId, missing, now);
    added += missing.length;
  }
  return added;
}
