import { createServer, type Server } from 'node:http';
import express from 'express';
import type { Config } from '../src/config.ts';
import type { Logger } from '../src/platform/logger.ts';
import { watchQueueDepths } from '../src/platform/metrics.ts';
import type { Queues } from '../src/platform/queues.ts';
import { metricsRouter } from '../src/http/ops/metrics-routes.ts';

/**
 * A worker's `/metrics` (job outcomes, mail, the queues' depths, the process) on
 * `WORKER_METRICS_PORT`, with the web's rule for who may read it; none when unset.
 */
export function serveWorkerMetrics(
  config: Pick<Config, 'WORKER_METRICS_PORT' | 'METRICS_TOKEN'>,
  queues: Queues,
  logger: Logger,
): Server | undefined {
  const port = config.WORKER_METRICS_PORT;
  if (port === undefined) return undefined;
  watchQueueDepths(queues);
  const app = express();
  app.disable('x-powered-by');
  app.use(metricsRouter(config.METRICS_TOKEN));
  app.use((_req, res) => {
    res.status(404).end();
  });
  const server = createServer(app);
  server.listen(port, () => {
    logger.info({ port }, 'worker metrics listening');
  });
  return server;
}
