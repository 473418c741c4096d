import type { Job } from 'bullmq';
import type { Queues, QueueName } from '../src/platform/queues.ts';
import {
  fanOutRequestEvent,
  REQUEST_EVENT_JOB,
  REQUEST_MAIL_JOB,
  type RequestEventJob,
  type RequestMailJob,
} from '../src/notifications/request-notifier.ts';
import { sendRequestMail, type RequestMailDeps } from '../src/notifications/send-request-mail.ts';
import { RequestModel } from '../src/requests/request-model.ts';
import type { JobHandler } from './job-router.ts';

export type HandlerDeps = RequestMailDeps & { queues: Pick<Queues, 'mail'> };

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
    mail: {
      // An event's recipients are worked out here, off the web request's path.
      [REQUEST_EVENT_JOB]: async (job: Job) => {
        const event = job.data as RequestEventJob;
        const request = await RequestModel.findById(event.requestId, {
          agency: 1,
          assignee: 1,
          requester: 1,
          appeal: 1,
        }).lean();
        return request ? fanOutRequestEvent(deps.queues, request, event) : 0;
      },
      [REQUEST_MAIL_JOB]: (job: Job) => requestMail(job as Job<RequestMailJob>),
    },
  };
}
