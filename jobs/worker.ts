import { Worker } from 'bullmq';
import { boot } from '../src/boot.ts';
import { disconnectMongo } from '../src/platform/mongo.ts';
import { QUEUE_NAMES } from '../src/platform/queues.ts';
import { closeRedis, createRedis } from '../src/platform/redis.ts';
import { onShutdown } from '../src/platform/shutdown.ts';
import { HANDLERS } from './handlers.ts';
import { routeJobs } from './job-router.ts';

// A worker process: any number of them may run at once on the same queues.
const { config, logger } = await boot('worker');
// Workers block on Redis: `maxRetriesPerRequest: null` (createRedis forWorker).
const connection = createRedis(config.REDIS_URL, logger, { forWorker: true });

const workers = QUEUE_NAMES.map((name) => {
  const worker = new Worker(name, routeJobs(name, HANDLERS[name]), {
    connection,
    prefix: config.REDIS_PREFIX,
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
onShutdown(logger, config.SHUTDOWN_TIMEOUT_MS, async () => {
  // close() waits for the jobs in progress; BullMQ leaves the given connection open.
  await Promise.all(workers.map((worker) => worker.close()));
  await Promise.all([closeRedis(connection), disconnectMongo()]);
});
logger.info({ queues: QUEUE_NAMES }, 'worker started');
