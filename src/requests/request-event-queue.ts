import type { Types } from 'mongoose';
import { z } from 'zod';
import { defineJob } from '../platform/job-definitions.ts';
import type { Logger } from '../platform/logger.ts';
import type { Queues } from '../platform/queues.ts';
import { withTimeout } from '../platform/with-timeout.ts';

// The web side of a request's notifications: after the one door writes an event, one job on
// the `events` queue, ids only. A worker fans it out into mails and reminders
// (src/notifications/request-notifier.ts).

/** A request event whose mails and reminders are still to be worked out: ids only (DESIGN §6). */
export const REQUEST_EVENT_JOB = defineJob(
  'events',
  'request-event',
  z.object({
    requestId: z.string().regex(/^[0-9a-f]{24}$/),
    seq: z.number().int().positive(),
    type: z.string().min(1),
    side: z.enum(['requester', 'agency']).optional(),
  }),
);
export type RequestEventJob = z.infer<typeof REQUEST_EVENT_JOB.payload>;

export interface RequestNotifier {
  /**
   * Queues one job for an event just written (the `events` queue); a worker
   * works out who hears of it and queues one mail each. It never throws: MongoDB holds the
   * truth, so a Redis outage is logged and the change still stands.
   */
  afterEvent(
    request: { _id: Types.ObjectId },
    event: { type: string; seq: number; side?: 'requester' | 'agency' },
  ): Promise<void>;
}

export function createRequestNotifier(queues: Queues, logger: Logger): RequestNotifier {
  return {
    async afterEvent(request, event) {
      const requestId = request._id.toString();
      const data: RequestEventJob = { requestId, seq: event.seq, type: event.type };
      if (event.side) data.side = event.side;
      try {
        await withTimeout(
          REQUEST_EVENT_JOB.add(queues, data, {
            jobId: `${requestId}_event_${String(event.seq)}`,
          }),
          3_000,
        );
      } catch (error) {
        logger.error(
          { err: error, requestId, event: event.type, seq: event.seq },
          'could not queue the mails of a request event',
        );
      }
    },
  };
}
