import type { Job } from 'bullmq';
import type { Queues } from '../src/platform/queues.ts';
import {
  fanOutRequestEvent,
  REQUEST_MAIL_JOB,
  type RequestMailJob,
} from '../src/notifications/request-notifier.ts';
import { REQUEST_EVENT_JOB } from '../src/requests/request-event-queue.ts';
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
} from '../src/reminders/reminder-scheduler.ts';
import {
  DIGEST_JOB,
  DIGEST_MAIL_JOB,
  queueDigests,
  sendDigest,
} from '../src/reminders/officer-digest.ts';
import {
  FOLLOW_DIGEST_JOB,
  FOLLOW_DIGEST_MAIL_JOB,
  queueFollowDigests,
  sendFollowDigest,
  type FollowDigestDeps,
} from '../src/follows/follow-digest.ts';
import { rebuildAgencyDay } from '../src/stats/rollup-store.ts';
import {
  EVENT_ROLLUP_JOB,
  queueEventRollups,
  queueRollups,
  ROLLUP_JOB,
} from '../src/stats/rollup-jobs.ts';
import { rebuildEventDay } from '../src/stats/event-rollup-store.ts';
import { refreshStints } from '../src/stats/stint-store.ts';
import { RequestEventModel } from '../src/requests/request-event-model.ts';
import {
  deliverWebhook,
  queueWebhookDeliveries,
  WEBHOOK_JOB,
  WEBHOOK_PAUSED_MAIL_JOB,
  type WebhookJob,
  type WebhookSettings,
} from '../src/webhooks/webhook-delivery.ts';
import { sendWebhookPausedMail } from '../src/webhooks/webhook-paused-mail.ts';
import type { JobHandlers } from './job-registry.ts';
import { requeueLostEventMails } from '../src/notifications/event-mail-sweep.ts';
import { repairLostStats } from '../src/stats/stats-sweep.ts';
import {
  disableRefusedAgencyRules,
  RULE_DISABLED_MAIL_JOB,
  sendRuleDisabledMail,
} from '../src/notifications/agency-rule-check.ts';
import {
  refreshAfterRecentTakedowns,
  refreshSnapshots,
} from '../src/publication/open-data-snapshots.ts';
import { requestFields } from '../src/requests/request-reads.ts';
import {
  PUBLIC_COPY_JOB,
  runPublicCopyJob,
  type PublicCopySettings,
} from '../src/public-copies/public-copy-job.ts';
import { queuePublicCopies } from '../src/public-copies/public-copy-queue.ts';
import { removePublicCopies } from '../src/public-copies/public-copy-store.ts';

export type HandlerDeps = RequestMailDeps &
  Pick<FollowDigestDeps, 'followSecret'> &
  Omit<ReminderDeps, 'queues'> & {
    queues: Pick<Queues, 'mail' | 'deadlines' | 'stats' | 'webhooks' | 'documents'>;
    webhooks: WebhookSettings;
    publicCopies: Omit<PublicCopySettings, 'now'>;
    /** Reloads the admins' holiday corrections when the copy is older than 30 s. */
    refreshCalendars: () => Promise<void>;
  };

/** The due dates an event moved away from (extension, reply, transfer, recomputation). */
function previousDueDates(event: { data?: unknown } | null): number[] {
  const previous = (event?.data as { previousDueAt?: unknown } | null)?.previousDueAt;
  return previous instanceof Date ? [previous.getTime()] : [];
}

/** The handler of every registered job (jobs/job-registry.ts), given its parsed payload. */
export function createHandlers(deps: HandlerDeps): JobHandlers {
  const requestMail = sendRequestMail(deps);
  return {
    // After each event, off the web request's path: who hears of it, and the
    // reminders that follow the request's new due date or state.
    [REQUEST_EVENT_JOB.name]: async (event) => {
      // What the reminders and the mails read, and where the rollups are.
      const request = await requestFields(event.requestId, {
        ...REMINDER_FIELDS,
        receivedAt: 1,
        transfers: 1,
        test: 1,
      });
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
      // The annual report's: the request's stints, then the event rollups of the days they touch.
      await queueEventRollups(
        deps.queues,
        await refreshStints(deps.calendars, request._id, deps.now()),
      );
      // A takedown leaves every kept open-data snapshot (DESIGN §7; the web process has
      // already made every process forget its cached public lists).
      if (stored?.type === 'unpublished') {
        await removePublicCopies(request._id);
        await refreshSnapshots(deps.baseUrl, deps.now());
      }
      // An answer's released documents get their public copies (OCR, redaction) in turn.
      if (stored?.type === 'answered') await queuePublicCopies(deps.queues, request._id);
      const mails = await fanOutRequestEvent(deps.queues, request, event);
      const deliveries = stored
        ? await queueWebhookDeliveries(deps.queues.webhooks, deps.webhooks, request, stored)
        : 0;
      return mails + deliveries;
    },
    [ROLLUP_JOB.name]: ({ agency, jurisdiction, day }) =>
      rebuildAgencyDay(deps.calendars, agency, jurisdiction, day, deps.now()),
    [EVENT_ROLLUP_JOB.name]: ({ agency, jurisdiction, day }) =>
      rebuildEventDay(agency, jurisdiction, day, deps.now()),
    [REMINDER_JOB.name]: async (reminder) => {
      await deps.refreshCalendars();
      return fireReminder(deps, reminder);
    },
    // The reminders every request should have, open data without the last day's
    // takedowns, agency patterns RE2 refuses disabled (and their admins told), and the mails
    // and statistics of the last day's events that Redis lost (event-mail-sweep.ts,
    // stats-sweep.ts).
    [RECONCILE_JOB.name]: async () => {
      await deps.refreshCalendars();
      const reminders = await reconcile(deps);
      await refreshAfterRecentTakedowns(deps.baseUrl, deps.now());
      await disableRefusedAgencyRules(deps.queues.mail, deps.now());
      const mails = await requeueLostEventMails(deps.queues, deps.now());
      return reminders + mails + (await repairLostStats(deps.queues, deps.calendars, deps.now()));
    },
    [DIGEST_JOB.name]: ({ jurisdiction }) => queueDigests(deps, jurisdiction),
    [FOLLOW_DIGEST_JOB.name]: () => queueFollowDigests(deps),
    [REQUEST_MAIL_JOB.name]: (_mail, job) => requestMail(job as Job<RequestMailJob>),
    [DIGEST_MAIL_JOB.name]: (mail) => sendDigest(deps, mail),
    [FOLLOW_DIGEST_MAIL_JOB.name]: (mail) => sendFollowDigest(deps, mail),
    [RULE_DISABLED_MAIL_JOB.name]: (mail) => sendRuleDisabledMail(deps, mail),
    [WEBHOOK_PAUSED_MAIL_JOB.name]: (mail) => sendWebhookPausedMail(deps, mail),
    [PUBLIC_COPY_JOB.name]: (copy, job) =>
      runPublicCopyJob({ ...deps.publicCopies, now: deps.now }, copy, {
        made: job.attemptsMade,
        allowed: job.opts.attempts ?? 1,
      }),
    [WEBHOOK_JOB.name]: (_delivery, job) =>
      deliverWebhook(
        { settings: deps.webhooks, mail: deps.queues.mail, now: deps.now },
        job as Job<WebhookJob>,
      ),
  };
}
