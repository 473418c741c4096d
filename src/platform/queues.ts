import { Queue, type ConnectionOptions, type DefaultJobOptions, type JobsOptions } from 'bullmq';
import { withRequestId } from './log-context.ts';

/**
 * The queues of DESIGN §6, one per concern, so that none waits behind
 * another's work: `events` (what follows a request's event: reminders
 * rescheduled, rollups and mails queued), `mail` (one mail per job),
 * `deadlines` (reminders, reconcile, digests), `stats` (one rollup per
 * agency-day), `webhooks` (one delivery of one event to one endpoint) and
 * `documents` (one released document's public copy: OCR and redaction, one at a
 * time per worker, as each runs heavy tools). Job
 * ids are deterministic and never contain `:`.
 */
export const QUEUE_NAMES = [
  'events',
  'mail',
  'deadlines',
  'stats',
  'webhooks',
  'documents',
] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** Retries with exponential backoff; finished jobs are trimmed so Redis stays small. */
const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

export type Queues = Readonly<Record<QueueName, Queue>>;

/**
 * Opens every queue on one connection. The prefix keeps deployments (and test
 * files) apart; with Redis Cluster give it a hash tag, e.g. `{haqq}`.
 * A queue's connection errors go to `onError`; by default they are dropped, as
 * the connection's own handler (createRedis) logs each distinct one once and
 * BullMQ would otherwise print every reconnect attempt to stderr.
 */
export function createQueues(
  connection: ConnectionOptions,
  prefix: string,
  onError: (error: Error) => void = () => undefined,
): Queues {
  const entries = QUEUE_NAMES.map((name) => {
    const queue = new Queue(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
    queue.on('error', onError);
    carryRequestId(queue);
    return [name, queue] as const;
  });
  return Object.freeze(Object.fromEntries(entries) as Record<QueueName, Queue>);
}

/**
 * Every job added to `queue` carries the request id of the work that adds it
 * (src/platform/log-context.ts), so a job's log lines name the HTTP request, or
 * the job, it came from.
 */
function carryRequestId(queue: Queue): void {
  const add = queue.add.bind(queue);
  const addBulk = queue.addBulk.bind(queue);
  queue.add = ((name: string, data: unknown, opts?: JobsOptions) =>
    add(name, withRequestId(data), opts)) as typeof queue.add;
  queue.addBulk = ((jobs) =>
    addBulk(
      jobs.map((job) => ({ ...job, data: withRequestId<unknown>(job.data) })),
    )) as typeof queue.addBulk;
}

export async function closeQueues(queues: Queues): Promise<void> {
  await Promise.all(Object.values(queues).map((queue) => queue.close()));
}
