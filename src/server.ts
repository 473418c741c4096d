import { createServer } from 'node:http';
import { createApp } from './app.ts';
import { boot } from './boot.ts';
import { disconnectMongo } from './platform/mongo.ts';
import { closeRedis, createRedis } from './platform/redis.ts';
import { onShutdown } from './platform/shutdown.ts';
import { settleAfterResponse } from './platform/after-response.ts';

// Boot order: config → MongoDB → Redis → app → listen.
const { config, logger, jurisdictions } = await boot('web');
const redis = createRedis(config.REDIS_URL, logger);
let draining = false;
const app = createApp({ config, logger, redis, jurisdictions, draining: () => draining });
const server = createServer(app);
server.keepAliveTimeout = 65_000;

onShutdown(logger, config.SHUTDOWN_TIMEOUT_MS + config.SHUTDOWN_DRAIN_MS, async () => {
  // Tell the load balancer first (/readyz 503, connections closed after each answer),
  // then stop accepting, let requests in flight finish, and close every connection.
  draining = true;
  if (config.SHUTDOWN_DRAIN_MS > 0)
    await new Promise((resolve) => setTimeout(resolve, config.SHUTDOWN_DRAIN_MS));
  const closed = new Promise<void>((resolve, reject) => {
    server.close((error) => {
      if (error) reject(error);
      else resolve();
    });
  });
  server.closeIdleConnections();
  await closed;
  await settleAfterResponse();
  await Promise.all([disconnectMongo(), closeRedis(redis)]);
});

await new Promise<void>((resolve) => server.listen(config.PORT, resolve));
const address = server.address();
const port = typeof address === 'object' && address ? address.port : config.PORT;
logger.info({ port, baseUrl: config.BASE_URL }, 'web listening');
