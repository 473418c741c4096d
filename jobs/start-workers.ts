import { Worker, type ConnectionOptions } from 'bullmq';
import type { Logger } from '../src/platform/logger.ts';
import { QUEUE_NAMES, type QueueName } from '../src/platform/queues.ts';
import { createHandlers, type HandlerDeps } from './handlers.ts';
import { routeJobs } from './job-router.ts';

/** One BullMQ worker per queue (or per queue listed), each routing jobs to their handlers. */
export function startWorkers(
  connection: ConnectionOptions,
  prefix: string,
  deps: HandlerDeps,
  logger: Logger,
  queues: readonly QueueName[] = QUEUE_NAMES,
): Worker[] {
  const handlers = createHandlers(deps);
  return queues.map((name) => {
    const worker = new Worker(name, routeJobs(name, handlers[name]), {
      connection,
      prefix,
      concurrency: 10,
    });
    worker.on('error', (error) => {
      logger.error({ err: error, queue: name }, 'worker error');
    });
    worker.on('failed', (job, error) => {
      logger.warn(
        { queue: name, jobId: job?.id, attempts: job?.attemptsMade, err: error.message },
        'job failed',
      );
    });
    return worker;
  });
}
