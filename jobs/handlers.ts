import type { Job } from 'bullmq';
import type { Queues, QueueName } from '../src/platform/queues.ts';
import {
  fanOutRequestEvent,
  REQUEST_MAIL_JOB,
  type RequestMailJob,
} from '../src/notifications/request-notifier.ts';
import { REQUEST_EVENT_JOB, type RequestEventJob } from '../src/requests/request-event-queue.ts';
import { sendRequestMail, type RequestMailDeps } from '../src/notifications/send-request-mail.ts';
import {
  fireReminder,
  reconcile,
  REMINDER_FIELDS,
  type ReminderDeps,
} from '../src/reminders/reminder-jobs.ts';
import {
  RECONCILE_JOB,
  REMINDER_JOB,
  rescheduleReminders,
  type ReminderJob,
} from '../src/reminders/reminder-scheduler.ts';
import {
  DIGEST_JOB,
  DIGEST_MAIL_JOB,
  queueDigests,
  sendDigest,
  type DigestMailJob,
} from '../src/reminders/officer-digest.ts';
import {
  FOLLOW_DIGEST_JOB,
  FOLLOW_DIGEST_MAIL_JOB,
  queueFollowDigests,
  sendFollowDigest,
  type FollowDigestDeps,
} from '../src/follows/follow-digest.ts';
import { rebuildAgencyDay } from '../src/stats/rollup-store.ts';
import { queueRollups, ROLLUP_JOB, type RollupJob } from '../src/stats/rollup-jobs.ts';
import { RequestEventModel } from '../src/requests/request-event-model.ts';
import { RequestModel } from '../src/requests/request-model.ts';
import {
  deliverWebhook,
  queueWebhookDeliveries,
  WEBHOOK_JOB,
  WEBHOOK_PAUSED_MAIL_JOB,
  type WebhookJob,
  type WebhookSettings,
} from '../src/webhooks/webhook-delivery.ts';
import { sendWebhookPausedMail } from '../src/webhooks/webhook-paused-mail.ts';
import type { JobHandler } from './job-router.ts';
import { requeueLostEventMails } from '../src/notifications/event-mail-sweep.ts';
import {
  disableRefusedAgencyRules,
  RULE_DISABLED_MAIL_JOB,
  sendRuleDisabledMail,
  type RuleDisabledMailJob,
} from '../src/notifications/agency-rule-check.ts';
import {
  refreshAfterRecentTakedowns,
  refreshSnapshots,
} from '../src/publication/open-data-snapshots.ts';

export type HandlerDeps = RequestMailDeps &
  Pick<FollowDigestDeps, 'followSecret'> &
  Omit<ReminderDeps, 'queues'> & {
    queues: Pick<Queues, 'mail' | 'deadlines' | 'stats' | 'webhooks'>;
    webhooks: WebhookSettings;
    /** Reloads the admins' holiday corrections when the copy is older than 30 s. */
    refreshCalendars: () => Promise<void>;
  };

/** The due dates an event moved away from (extension, reply, transfer, recomputation). */
function previousDueDates(event: { data?: unknown } | null): number[] {
  const previous = (event?.data as { previousDueAt?: unknown } | null)?.previousDueAt;
  return previous instanceof Date ? [previous.getTime()] : [];
}

/** The handlers of each queue by job name. */
export function createHandlers(
  deps: HandlerDeps,
): Readonly<Record<QueueName, Readonly<Record<string, JobHandler>>>> {
  const requestMail = sendRequestMail(deps);
  return {
    events: {
      // After each event, off the web request's path: who hears of it, and the
      // reminders that follow the request's new due date or state.
      [REQUEST_EVENT_JOB]: async (job: Job) => {
        const event = job.data as RequestEventJob;
        // What the reminders and the mails read, and where the rollups are.
        const request = await RequestModel.findById(event.requestId, {
          ...REMINDER_FIELDS,
          receivedAt: 1,
          transfers: 1,
          test: 1,
        }).lean();
        if (!request) return 0;
        // The event, read once: the reminders read the due date it left, the webhooks its type.
        const stored = await RequestEventModel.findOne(
          { requestId: event.requestId, seq: event.seq },
          { seq: 1, type: 1, data: 1 },
        ).lean();
        await deps.refreshCalendars();
        await rescheduleReminders(
          deps.queues,
          deps.calendars,
          request,
          previousDueDates(stored),
          deps.settings,
          deps.now(),
        );
        await queueRollups(deps.queues, deps.calendars, request);
        // A takedown leaves every kept open-data snapshot (DESIGN §7; the web process has
        // already made every process forget its cached public lists).
        if (stored?.type === 'unpublished') await refreshSnapshots(deps.baseUrl, deps.now());
        const mails = await fanOutRequestEvent(deps.queues, request, event);
        const deliveries = stored
          ? await queueWebhookDeliveries(deps.queues.webhooks, deps.webhooks, request, stored)
          : 0;
        return mails + deliveries;
      },
    },
    stats: {
      [ROLLUP_JOB]: (job: Job) => {
        const { agency, jurisdiction, day } = job.data as RollupJob;
        return rebuildAgencyDay(deps.calendars, agency, jurisdiction, day, deps.now());
      },
    },
    deadlines: {
      [REMINDER_JOB]: async (job: Job) => {
        await deps.refreshCalendars();
        return fireReminder(deps, job.data as ReminderJob);
      },
      // The reminders every request should have, open data without the last day's
      // takedowns, agency patterns RE2 refuses disabled (and their admins told), and the mails
      // of the last day's events that Redis lost (event-mail-sweep.ts).
      [RECONCILE_JOB]: async () => {
        await deps.refreshCalendars();
        const reminders = await reconcile(deps);
        await refreshAfterRecentTakedowns(deps.baseUrl, deps.now());
        await disableRefusedAgencyRules(deps.queues.mail, deps.now());
        return reminders + (await requeueLostEventMails(deps.queues, deps.now()));
      },
      [DIGEST_JOB]: (job: Job) =>
        queueDigests(deps, (job.data as { jurisdiction: string }).jurisdiction),
      [FOLLOW_DIGEST_JOB]: () => queueFollowDigests(deps),
    },
    mail: {
      [REQUEST_MAIL_JOB]: (job: Job) => requestMail(job as Job<RequestMailJob>),
      [DIGEST_MAIL_JOB]: (job: Job) => sendDigest(deps, job.data as DigestMailJob),
      [FOLLOW_DIGEST_MAIL_JOB]: (job: Job) =>
        sendFollowDigest(deps, job.data as { key: string; email: string }),
      [RULE_DISABLED_MAIL_JOB]: (job: Job) =>
        sendRuleDisabledMail(deps, job.data as RuleDisabledMailJob),
      [WEBHOOK_PAUSED_MAIL_JOB]: (job: Job) =>
        sendWebhookPausedMail(deps, job.data as { endpoint: string; recipient: string }),
    },
    webhooks: {
      [WEBHOOK_JOB]: (job: Job) =>
        deliverWebhook(
          { settings: deps.webhooks, mail: deps.queues.mail, now: deps.now },
          job as Job<WebhookJob>,
        ),
    },
  };
}
