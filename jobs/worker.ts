import { boot } from '../src/boot.ts';
import { serveWorkerMetrics } from './worker-metrics.ts';
import { createMailer } from '../src/platform/mailer.ts';
import { disconnectMongo } from '../src/platform/mongo.ts';
import { QUEUE_NAMES } from '../src/platform/queues.ts';
import { closeRedis, createRedis } from '../src/platform/redis.ts';
import { onShutdown } from '../src/platform/shutdown.ts';
import { scheduleDigests } from '../src/reminders/officer-digest.ts';
import { scheduleFollowDigests } from '../src/follows/follow-digest.ts';
import { handlerDeps, keepSchedulers, scheduleReconcile, startWorkers } from './start-workers.ts';

// A worker process: any number of them may run at once on the same queues.
const { config, logger, jurisdictions } = await boot('worker');
// Workers block on Redis: `maxRetriesPerRequest: null` (createRedis forWorker).
const connection = createRedis(config.REDIS_URL, logger, { forWorker: true });
const mailer = createMailer(config);
const running = startWorkers(
  connection,
  config.REDIS_PREFIX,
  handlerDeps(config, jurisdictions, mailer),
  logger,
  { lockMs: config.JOB_LOCK_MS },
);
const schedule = async () => {
  await scheduleReconcile(running, config.RECONCILE_EVERY_MS);
  await scheduleDigests(running.queues, jurisdictions.all(), config.REMINDER_HOUR);
  await scheduleFollowDigests(running.queues);
};
await schedule();
const stopKeeping = keepSchedulers(running, config.RECONCILE_EVERY_MS, schedule, logger);
const metricsServer = serveWorkerMetrics(config, running.queues, logger);
onShutdown(logger, config.SHUTDOWN_TIMEOUT_MS, async () => {
  stopKeeping();
  metricsServer?.close();
  // close() waits for the jobs in progress; BullMQ leaves the given connection open.
  await running.close();
  mailer.close();
  await Promise.all([closeRedis(connection), disconnectMongo()]);
});
logger.info({ queues: QUEUE_NAMES }, 'worker started');
