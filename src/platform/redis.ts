import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from './logger.ts';
import { withTimeout } from './with-timeout.ts';

/**
 * A Redis connection. `forWorker` gives the settings BullMQ workers need
 * (`maxRetriesPerRequest: null`, so blocking commands wait through reconnects);
 * the web side fails commands fast instead, so a Redis outage never hangs a page.
 */
export function createRedis(
  url: string,
  logger: Logger,
  options: { forWorker?: boolean } = {},
): Redis {
  const settings: RedisOptions = options.forWorker
    ? { maxRetriesPerRequest: null }
    : { maxRetriesPerRequest: 1, enableOfflineQueue: true, connectTimeout: 2_000 };
  const redis = new Redis(url, {
    ...settings,
    lazyConnect: false,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  let lastError = '';
  redis.on('error', (error: Error) => {
    // ioredis emits one error per reconnect attempt; log each distinct one once.
    if (error.message !== lastError) logger.warn({ err: error.message }, 'redis error');
    lastError = error.message;
  });
  redis.on('ready', () => {
    lastError = '';
  });
  return redis;
}

/** Answers whether Redis replies to PING within `timeoutMs`. */
export async function pingRedis(redis: Redis, timeoutMs: number): Promise<boolean> {
  if (redis.status !== 'ready') return false;
  return withTimeout(redis.ping(), timeoutMs).then(
    () => true,
    () => false,
  );
}

/** Closes a connection politely, or drops it when it is not connected. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') await redis.quit();
  else redis.disconnect();
}
