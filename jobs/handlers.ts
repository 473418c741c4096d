import type { Job } from 'bullmq';
import type { QueueName } from '../src/platform/queues.ts';
import { REQUEST_MAIL_JOB, type RequestMailJob } from '../src/notifications/request-notifier.ts';
import { sendRequestMail, type RequestMailDeps } from '../src/notifications/send-request-mail.ts';
import type { JobHandler } from './job-router.ts';

export type HandlerDeps = RequestMailDeps;

/**
 * The handlers of each queue by job name. The reminder issue adds the deadline
 * processors here.
 */
export function createHandlers(
  deps: HandlerDeps,
): Readonly<Record<QueueName, Readonly<Record<string, JobHandler>>>> {
  const requestMail = sendRequestMail(deps);
  return {
    deadlines: {},
    mail: { [REQUEST_MAIL_JOB]: (job: Job) => requestMail(job as Job<RequestMailJob>) },
  };
}
