import type { QueueName } from '../src/platform/queues.ts';
import type { JobHandler } from './job-router.ts';

/**
 * The handlers of each queue, one file per processor beside this one. The
 * reminder issue adds the deadline and mail processors here.
 */
export const HANDLERS: Readonly<Record<QueueName, Readonly<Record<string, JobHandler>>>> = {
  deadlines: {},
  mail: {},
};
