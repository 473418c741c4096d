import type { Types } from 'mongoose';
import {
  calendarAndRules,
  type JurisdictionCalendars,
} from '../jurisdictions/jurisdiction-calendars.ts';
import type { Queues } from '../platform/queues.ts';
import {
  planReminders,
  reminderJobId,
  type PlannedRequest,
  type Reminder,
  type ReminderSettings,
} from './reminder-plan.ts';
import { REMINDER_KINDS } from '../notifications/mail-kinds.ts';
import { z } from 'zod';
import { defineJob } from '../platform/job-definitions.ts';

/** A reminder job's payload: ids only (DESIGN §6). */
export const REMINDER_JOB = defineJob(
  'deadlines',
  'reminder',
  z.object({
    requestId: z.string().regex(/^[0-9a-f]{24}$/),
    kind: z.enum(REMINDER_KINDS),
    dueAtMs: z.number().int(),
  }),
);
export type ReminderJob = z.infer<typeof REMINDER_JOB.payload>;
/** Rebuilds what Redis lost (DESIGN §6): a job scheduler, no payload. */
export const RECONCILE_JOB = defineJob('deadlines', 'reconcile', z.object({}));

export interface SchedulableRequest extends PlannedRequest {
  _id: Types.ObjectId;
  jurisdiction: string;
  rulesVersion: string;
}

/** A request's reminders under its rules, or none where the rules are unknown. */
export function remindersOf(
  calendars: JurisdictionCalendars,
  request: SchedulableRequest,
  settings: ReminderSettings,
): Reminder[] {
  const found = calendarAndRules(calendars, request);
  return found
    ? planReminders(request, found.calendar, found.rules.silenceIsRefusal, settings)
    : [];
}

/** Adds the delayed job of each reminder (a reminder whose time has passed runs at once). */
export async function addReminderJobs(
  queues: Pick<Queues, 'deadlines'>,
  requestId: string,
  reminders: readonly Reminder[],
  now: Date,
): Promise<void> {
  if (reminders.length === 0) return;
  await REMINDER_JOB.addBulk(
    queues,
    reminders.map((reminder) => ({
      data: { requestId, kind: reminder.kind, dueAtMs: reminder.dueAtMs },
      opts: {
        jobId: reminderJobId(requestId, reminder),
        delay: Math.max(0, reminder.at.getTime() - now.getTime()),
      },
    })),
  );
}

/**
 * Follows a change of the request: the jobs of the due dates it had
 * (`previousDueAtMs`, the current one, the appeal's) that its plan no longer
 * holds are removed, and the plan's jobs added. A job that fires anyway finds
 * the request changed and does nothing (the handler re-reads it).
 */
export async function rescheduleReminders(
  queues: Pick<Queues, 'deadlines'>,
  calendars: JurisdictionCalendars,
  request: SchedulableRequest,
  previousDueAtMs: readonly number[],
  settings: ReminderSettings,
  now: Date,
): Promise<Reminder[]> {
  const requestId = request._id.toString();
  const plan = remindersOf(calendars, request, settings);
  const wanted = new Set(plan.map((reminder) => reminderJobId(requestId, reminder)));
  const dueDates = new Set([
    ...previousDueAtMs,
    request.dueAt.getTime(),
    ...(request.appeal?.dueAt ? [request.appeal.dueAt.getTime()] : []),
  ]);
  const stale = [...dueDates].flatMap((dueAtMs) =>
    REMINDER_KINDS.map((kind) => reminderJobId(requestId, { kind, dueAtMs })).filter(
      (id) => !wanted.has(id),
    ),
  );
  await Promise.all(stale.map((id) => queues.deadlines.remove(id)));
  await addReminderJobs(queues, requestId, plan, now);
  return plan;
}
