import type { Job } from 'bullmq';
import { FOLLOW_DIGEST_JOB, FOLLOW_DIGEST_MAIL_JOB } from '../src/follows/follow-digest.ts';
import { RULE_DISABLED_MAIL_JOB } from '../src/notifications/agency-rule-check.ts';
import { REQUEST_MAIL_JOB } from '../src/notifications/request-notifier.ts';
import type { JobDefinition } from '../src/platform/job-definitions.ts';
import { QUEUE_NAMES, type QueueName } from '../src/platform/queues.ts';
import { DIGEST_JOB, DIGEST_MAIL_JOB } from '../src/reminders/officer-digest.ts';
import { RECONCILE_JOB, REMINDER_JOB } from '../src/reminders/reminder-scheduler.ts';
import { REQUEST_EVENT_JOB } from '../src/requests/request-event-queue.ts';
import { EVENT_ROLLUP_JOB, ROLLUP_JOB } from '../src/stats/rollup-jobs.ts';
import { WEBHOOK_JOB, WEBHOOK_PAUSED_MAIL_JOB } from '../src/webhooks/webhook-delivery.ts';
import { PUBLIC_COPY_JOB } from '../src/public-copies/public-copy-job.ts';
import type { JobHandler } from './job-router.ts';

/**
 * Every kind of job the workers run, each with its queue and the schema of its payload
 * (src/platform/job-definitions.ts). Producers queue through these definitions; the worker
 * reads every payload through them before a handler sees it.
 */
export const JOBS = [
  REQUEST_EVENT_JOB,
  ROLLUP_JOB,
  EVENT_ROLLUP_JOB,
  REMINDER_JOB,
  RECONCILE_JOB,
  DIGEST_JOB,
  FOLLOW_DIGEST_JOB,
  REQUEST_MAIL_JOB,
  DIGEST_MAIL_JOB,
  FOLLOW_DIGEST_MAIL_JOB,
  RULE_DISABLED_MAIL_JOB,
  WEBHOOK_PAUSED_MAIL_JOB,
  WEBHOOK_JOB,
  PUBLIC_COPY_JOB,
] as const;

type Registered = (typeof JOBS)[number];
type PayloadOf<D> = D extends JobDefinition<QueueName, string, infer T> ? T : never;

/**
 * One handler for every registered job, by name, given the parsed payload (and the job,
 * for its attempts and id): a missing handler or a payload of the wrong shape is a type error.
 */
export type JobHandlers = {
  readonly [D in Registered as D['name']]: (data: PayloadOf<D>, job: Job) => Promise<unknown>;
};

/** The processors' tables: for each queue, job name → handler of the payload read first. */
export function handlersByQueue(
  handlers: JobHandlers,
): Readonly<Record<QueueName, Readonly<Record<string, JobHandler>>>> {
  const table = Object.fromEntries(QUEUE_NAMES.map((queue) => [queue, {}])) as Record<
    QueueName,
    Record<string, JobHandler>
  >;
  for (const definition of JOBS) {
    const handle = handlers[definition.name] as (data: unknown, job: Job) => Promise<unknown>;
    table[definition.queue][definition.name] = (job) => handle(definition.read(job), job);
  }
  return table;
}
