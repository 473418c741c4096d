import express, { type Router } from 'express';
import type { Redis } from 'ioredis';
import { pingMongo } from '../../platform/mongo.ts';
import { pingRedis } from '../../platform/redis.ts';

/**
 * `/healthz`: the process is alive. `/readyz`: MongoDB and Redis both answer a
 * ping in time and the process is not stopping, so a load balancer may send
 * traffic here.
 */
export function healthRouter(
  redis: Redis,
  timeoutMs: number,
  draining: () => boolean = () => false,
): Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    if (draining()) {
      res.status(503).json({ status: 'stopping' });
      return;
    }
    const [mongo, redisUp] = await Promise.all([pingMongo(timeoutMs), pingRedis(redis, timeoutMs)]);
    const body = {
      status: mongo && redisUp ? 'ok' : 'unavailable',
      mongo: mongo ? 'ok' : 'down',
      redis: redisUp ? 'ok' : 'down',
    };
    res.status(mongo && redisUp ? 200 : 503).json(body);
  });
  return router;
}
