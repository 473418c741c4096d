import { UnrecoverableError, type Job, type JobsOptions, type Queue } from 'bullmq';
import type { z } from 'zod';
import type { QueueName } from './queues.ts';

/** The queue `Q` (of `Queues`, or any object holding it), of which `method` is used. */
type On<Q extends QueueName, M extends keyof Queue> = { readonly [K in Q]: Pick<Queue, M> };

/** One job to queue in bulk: its payload, typed, and its options. */
interface QueuedJob<T> {
  data: T;
  opts?: JobsOptions;
}

/**
 * A kind of job: the queue it runs on, its name and its payload's schema (ids only,
 * DESIGN §6). Producers queue through it, so a payload that does not fit is a type error;
 * the worker reads through it, so a payload that does not parse fails at once, without
 * retries. jobs/job-registry.ts lists every definition.
 */
export interface JobDefinition<Q extends QueueName, N extends string, T> {
  readonly queue: Q;
  readonly name: N;
  readonly payload: z.ZodType<T>;
  /** Queues one job on the definition's own queue. */
  add(queues: On<Q, 'add'>, data: T, opts?: JobsOptions): Promise<Job>;
  /** Queues several jobs at once (one round trip). */
  addBulk(queues: On<Q, 'addBulk'>, jobs: readonly QueuedJob<T>[]): Promise<Job[]>;
  /** A repeating job (a BullMQ job scheduler) with the given id and payload. */
  schedule(
    queues: On<Q, 'upsertJobScheduler'>,
    id: string,
    repeat: Parameters<Queue['upsertJobScheduler']>[1],
    data: T,
  ): Promise<unknown>;
  /** The payload of a job taken from the queue, parsed; a bad one is an UnrecoverableError. */
  read(job: Pick<Job, 'data' | 'name' | 'id'>): T;
}

export function defineJob<Q extends QueueName, N extends string, T>(
  queue: Q,
  name: N,
  payload: z.ZodType<T>,
): JobDefinition<Q, N, T> {
  // Each queue's `add` carries the log context's request id (queues.ts).
  return {
    queue,
    name,
    payload,
    add: (queues, data, opts) => queues[queue].add(name, data, opts),
    addBulk: (queues, jobs) =>
      jobs.length === 0
        ? Promise.resolve([])
        : queues[queue].addBulk(jobs.map((job) => ({ name, data: job.data, opts: job.opts }))),
    schedule: (queues, id, repeat, data) =>
      queues[queue].upsertJobScheduler(id, repeat, { name, data }),
    read(job) {
      const parsed = payload.safeParse(job.data);
      if (!parsed.success)
        throw new UnrecoverableError(
          `job ${String(job.id)} (${name}) has a bad payload: ${parsed.error.issues
            .map((issue) => `${issue.path.join('.') || '(root)'} ${issue.message}`)
            .join('; ')}`,
        );
      return parsed.data;
    },
  };
}
