import { UnrecoverableError, type Job, type Processor } from 'bullmq';

/** A processor for one job name of a queue. */
export type JobHandler = (job: Job) => Promise<unknown>;

/**
 * One BullMQ processor per queue that hands each job to the handler of its name.
 * An unknown name is a bad payload: it fails at once, without retries.
 */
export function routeJobs(
  queue: string,
  handlers: Readonly<Record<string, JobHandler>>,
): Processor {
  return async (job) => {
    const handler = handlers[job.name];
    if (!handler)
      throw new UnrecoverableError(`queue ${queue} has no handler for job "${job.name}"`);
    return handler(job);
  };
}
