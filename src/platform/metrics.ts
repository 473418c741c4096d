import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Queues } from './queues.ts';
import { withTimeout } from './with-timeout.ts';

/**
 * The process's Prometheus metrics (one registry per process): Node's own
 * (memory, event loop, GC), HTTP latency per route, job outcomes and durations,
 * mail sent and failed, and (where queues are given) the queues' depths, read
 * from Redis at each scrape. Served by `/metrics` (src/http/ops/metrics-routes.ts).
 */
export const metrics = new Registry();
collectDefaultMetrics({ register: metrics, prefix: 'haqq_' });

export const httpDuration = new Histogram({
  name: 'haqq_http_request_duration_seconds',
  help: 'HTTP requests by method, route pattern and status, in seconds',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metrics],
});

export const jobOutcomes = new Counter({
  name: 'haqq_jobs_total',
  help: 'Jobs run by this worker, by queue, job name and outcome (completed or failed)',
  labelNames: ['queue', 'name', 'outcome'] as const,
  registers: [metrics],
});

export const jobDuration = new Histogram({
  name: 'haqq_job_duration_seconds',
  help: 'Time from a job start to its end in this worker, by queue',
  labelNames: ['queue'] as const,
  buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 30],
  registers: [metrics],
});

export const mailOutcomes = new Counter({
  name: 'haqq_mail_total',
  help: 'Mails handed to the SMTP server (sent) or refused by it or unreachable (failed)',
  labelNames: ['outcome'] as const,
  registers: [metrics],
});

const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed'] as const;

/**
 * Adds the gauge of the queues' depths (`haqq_queue_jobs{queue,state}`), read at
 * each scrape with a 1 s limit; a Redis that does not answer leaves it empty
 * (its absence is itself the alert), never a slow scrape.
 */
export function watchQueueDepths(queues: Queues): void {
  if (metrics.getSingleMetric('haqq_queue_jobs')) metrics.removeSingleMetric('haqq_queue_jobs');
  new Gauge({
    name: 'haqq_queue_jobs',
    help: 'Jobs in each queue by state, as Redis holds them at the scrape',
    labelNames: ['queue', 'state'] as const,
    registers: [metrics],
    async collect() {
      this.reset();
      const depths = await withTimeout(
        Promise.all(
          Object.entries(queues).map(async ([name, queue]) => ({
            name,
            counts: await queue.getJobCounts(...JOB_STATES),
          })),
        ),
        1_000,
      ).catch(() => []);
      for (const { name, counts } of depths)
        for (const state of JOB_STATES) this.set({ queue: name, state }, counts[state] ?? 0);
    },
  });
}
