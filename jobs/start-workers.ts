import { Worker, type ConnectionOptions, type Job } from 'bullmq';
import { requestIdOf, runInLogContext } from '../src/platform/log-context.ts';
import { jobDuration, jobOutcomes } from '../src/platform/metrics.ts';
import type { Config } from '../src/config.ts';
import { createJurisdictionCalendars } from '../src/jurisdictions/jurisdiction-calendars.ts';
import type { JurisdictionRegistry } from '../src/jurisdictions/jurisdiction-registry.ts';
import { refreshOverrides } from '../src/jurisdictions/holiday-override-store.ts';
import type { Mailer } from '../src/platform/mailer.ts';
import { RECONCILE_JOB } from '../src/reminders/reminder-scheduler.ts';
import type { Logger } from '../src/platform/logger.ts';
import {
  closeQueues,
  createQueues,
  QUEUE_NAMES,
  type QueueName,
  type Queues,
} from '../src/platform/queues.ts';
import { webhookSettings } from '../src/webhooks/webhook-delivery.ts';
import type { Resolver } from '../src/webhooks/webhook-address.ts';
import { createHandlers, type HandlerDeps } from './handlers.ts';
import { handlersByQueue } from './job-registry.ts';
import { routeJobs } from './job-router.ts';

export interface RunningWorkers {
  workers: Worker[];
  queues: Queues;
  /** Waits for the jobs in progress, then closes the workers and their queues. */
  close(): Promise<void>;
}

/** What the handlers need, from the configuration (the clock may be replaced in tests). */
export function handlerDeps(
  config: Pick<
    Config,
    | 'BASE_URL'
    | 'REMINDER_LEAD_DAYS'
    | 'ESCALATION_DAYS'
    | 'REMINDER_HOUR'
    | 'SESSION_SECRET'
    | 'WEBHOOK_ATTEMPTS'
    | 'WEBHOOK_BACKOFF_MS'
    | 'WEBHOOK_TIMEOUT_MS'
    | 'WEBHOOK_PAUSE_AFTER'
    | 'WEBHOOK_PORTS'
    | 'WEBHOOK_ALLOW_LOOPBACK'
    | 'DOCUMENT_COPY_TIMEOUT_S'
    | 'DOCUMENT_COPY_MEMORY_MB'
    | 'DOCUMENT_MAX_PAGES'
  >,
  jurisdictions: JurisdictionRegistry,
  mailer: Mailer,
  now: () => Date = () => new Date(),
  resolve?: Resolver,
): Omit<HandlerDeps, 'queues'> {
  const calendars = createJurisdictionCalendars(jurisdictions);
  return {
    mailer,
    baseUrl: config.BASE_URL,
    // Signs the follow digests' unsubscribe links, as the web process checks them.
    followSecret: config.SESSION_SECRET,
    jurisdictions,
    calendars,
    // Holiday corrections made by admins reach the worker within 30 s, as they reach the web.
    refreshCalendars: () => refreshOverrides(calendars, Date.now()),
    webhooks: webhookSettings(config, resolve),
    publicCopies: {
      timeoutMs: config.DOCUMENT_COPY_TIMEOUT_S * 1000,
      memoryBytes: config.DOCUMENT_COPY_MEMORY_MB * 1024 * 1024,
      maxPages: config.DOCUMENT_MAX_PAGES,
    },
    settings: {
      leadDays: config.REMINDER_LEAD_DAYS,
      escalationDays: config.ESCALATION_DAYS,
      hour: config.REMINDER_HOUR,
    },
    now,
  };
}

/** The reconcile job scheduler (DESIGN §6): one per deployment, whatever the number of workers. */
export async function scheduleReconcile(running: RunningWorkers, everyMs: number): Promise<void> {
  await RECONCILE_JOB.schedule(running.queues, RECONCILE_JOB.name, { every: everyMs }, {});
}

/**
 * Keeps the job schedulers alive while the worker runs: Redis may lose them
 * (a FLUSHALL, a failover to an empty replica) with every process still up.
 * Every half of `everyMs` it looks for the reconcile scheduler; when it is
 * gone, `schedule` puts every scheduler back and one reconcile runs at once
 * (one per period, whatever the number of workers: its id names the period),
 * so what was due meanwhile is sent within `everyMs`. Returns a stop.
 */
export function keepSchedulers(
  running: RunningWorkers,
  everyMs: number,
  schedule: () => Promise<void>,
  logger: Logger,
): () => void {
  const deadlines = running.queues.deadlines;
  const check = async () => {
    if (await deadlines.getJobScheduler(RECONCILE_JOB.name)) return;
    logger.warn('job schedulers missing from Redis: restoring them and reconciling now');
    await schedule();
    await RECONCILE_JOB.add(
      running.queues,
      {},
      {
        jobId: `reconcile-restored-${String(Math.floor(Date.now() / everyMs))}`,
        removeOnComplete: true,
      },
    );
  };
  const timer = setInterval(
    () => {
      check().catch((error: unknown) => {
        logger.warn({ err: (error as Error).message }, 'could not check the job schedulers');
      });
    },
    Math.max(500, Math.floor(everyMs / 2)),
  );
  timer.unref();
  return () => {
    clearInterval(timer);
  };
}

/**
 * One BullMQ worker per queue (or per queue listed), each routing jobs to their
 * handlers. `lockMs` is how long a job stays locked to its worker without a
 * renewal: the job of a worker that died is retried by another about that long
 * after (BullMQ renews the lock every half of it, and checks for stalled jobs as often).
 */
export function startWorkers(
  connection: ConnectionOptions,
  prefix: string,
  deps: Omit<HandlerDeps, 'queues'>,
  logger: Logger,
  options: { queues?: readonly QueueName[]; lockMs?: number } = {},
): RunningWorkers {
  const { queues = QUEUE_NAMES, lockMs = 30_000 } = options;
  // Handlers add jobs too (a request event fans out into one mail each).
  const producers = createQueues(connection, prefix);
  const handlers = handlersByQueue(createHandlers({ ...deps, queues: producers }));
  const workers = queues.map((name) => {
    const route = routeJobs(name, handlers[name]);
    const processor = (job: Job) =>
      runInLogContext({ reqId: requestIdOf(job.data), queue: name, jobId: job.id }, () =>
        route(job),
      );
    const worker = new Worker(name, processor, {
      connection,
      prefix,
      // A public copy runs OCR on the machine's cores: one at a time per worker.
      concurrency: name === 'documents' ? 1 : 10,
      lockDuration: lockMs,
      stalledInterval: lockMs,
    });
    worker.on('error', (error) => {
      logger.error({ err: error, queue: name }, 'worker error');
    });
    worker.on('completed', (job) => {
      jobOutcomes.inc({ queue: name, name: job.name, outcome: 'completed' });
      if (job.processedOn && job.finishedOn)
        jobDuration.observe({ queue: name }, (job.finishedOn - job.processedOn) / 1000);
    });
    worker.on('failed', (job, error) => {
      jobOutcomes.inc({ queue: name, name: job?.name ?? 'unknown', outcome: 'failed' });
      logger.warn(
        {
          queue: name,
          jobId: job?.id,
          reqId: requestIdOf(job?.data),
          attempts: job?.attemptsMade,
          err: error.message,
        },
        'job failed',
      );
    });
    return worker;
  });
  return {
    workers,
    queues: producers,
    async close() {
      await Promise.all(workers.map((worker) => worker.close()));
      await closeQueues(producers);
    },
  };
}
