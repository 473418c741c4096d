import { Worker, type ConnectionOptions } from 'bullmq';
import type { Logger } from '../src/platform/logger.ts';
import { closeQueues, createQueues, QUEUE_NAMES, type QueueName } from '../src/platform/queues.ts';
import { createHandlers, type HandlerDeps } from './handlers.ts';
import { routeJobs } from './job-router.ts';

export interface RunningWorkers {
  workers: Worker[];
  /** Waits for the jobs in progress, then closes the workers and their queues. */
  close(): Promise<void>;
}

/** One BullMQ worker per queue (or per queue listed), each routing jobs to their handlers. */
export function startWorkers(
  connection: ConnectionOptions,
  prefix: string,
  deps: Omit<HandlerDeps, 'queues'>,
  logger: Logger,
  queues: readonly QueueName[] = QUEUE_NAMES,
): RunningWorkers {
  // Handlers add jobs too (a request event fans out into one mail each).
  const producers = createQueues(connection, prefix);
  const handlers = createHandlers({ ...deps, queues: producers });
  const workers = queues.map((name) => {
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
  return {
    workers,
    async close() {
      await Promise.all(workers.map((worker) => worker.close()));
      await closeQueues(producers);
    },
  };
}
