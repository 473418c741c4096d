import mongoose from 'mongoose';
import type { Queues } from '../platform/queues.ts';
import { RequestEventModel } from '../requests/request-event-model.ts';
import { NotificationModel } from './notification-model.ts';
import {
  MAILED_EVENT_TYPES,
  mailJobsOfStoredEvent,
  NOTIFIED_FIELDS,
  REQUEST_MAIL_JOB,
  type NotifiedRequest,
} from './request-notifier.ts';
import { requestFields } from '../requests/request-reads.ts';

/** How far back reconcile looks for an event whose mails never went. */
const EVENT_MAIL_LOOKBACK_MS = 86_400_000;
/** Younger events are left to their own job, which normally runs within milliseconds. */
const EVENT_MAIL_GRACE_MS = 10_000;

/**
 * Part of reconcile: the mails of the last day's events that are neither sent
 * (no notification key) nor queued (no mail job of that key) are queued again.
 * They are lost when Redis loses the event's or the mail's job (a FLUSHALL, a
 * Redis that restarts empty) or when Redis was down as the event was written
 * ("could not queue the mails of a request event"). Mail jobs are idempotent
 * per key (DESIGN §6), so racing the event's own job sends nothing twice.
 * Recipients are worked out as the request is now. Returns the mails queued.
 */
export async function requeueLostEventMails(
  queues: Pick<Queues, 'mail'>,
  now: Date,
): Promise<number> {
  const events = RequestEventModel.find(
    {
      type: mongoose.trusted({ $in: MAILED_EVENT_TYPES }),
      at: mongoose.trusted({
        $gte: new Date(now.getTime() - EVENT_MAIL_LOOKBACK_MS),
        $lt: new Date(now.getTime() - EVENT_MAIL_GRACE_MS),
      }),
    },
    { requestId: 1, seq: 1, type: 1, data: 1 },
  )
    .lean()
    .batchSize(1_000)
    .cursor();
  let requeued = 0;
  let request: NotifiedRequest | null = null;
  for await (const event of events) {
    const requestId = event.requestId;
    if (!request?._id.equals(requestId)) request = await requestFields(requestId, NOTIFIED_FIELDS);
    if (!request) continue;
    const jobs = await mailJobsOfStoredEvent(request, event);
    if (jobs.length === 0) continue;
    const sent = new Set(
      (
        await NotificationModel.find(
          { key: mongoose.trusted({ $in: jobs.map((job) => job.key) }) },
          { key: 1 },
        ).lean()
      ).map((n) => n.key),
    );
    const unsent = jobs.filter((job) => !sent.has(job.key));
    const queued = await Promise.all(unsent.map((job) => queues.mail.getJob(job.key)));
    const lost = unsent.filter((_job, i) => !queued[i]);
    if (lost.length === 0) continue;
    await REQUEST_MAIL_JOB.addBulk(
      queues,
      lost.map((data) => ({ data, opts: { jobId: data.key } })),
    );
    requeued += lost.length;
  }
  return requeued;
}
