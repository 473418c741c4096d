import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from './logger.ts';
import { withTimeout } from './with-timeout.ts';

/**
 * Where to connect, from `REDIS_URL`: a plain `redis://` or `rediss://` URL as
 * ioredis reads it, or Sentinel as
 * `redis+sentinel://[:password@]host:26379,host:26379,…/<master name>[/<db>]`
 * (the password is the master's; the sentinels are asked which node is the
 * master, and asked again after a failover).
 */
export function redisTarget(url: string): string | RedisOptions {
  if (!url.startsWith('redis+sentinel://')) return url;
  const rest = url.slice('redis+sentinel://'.length);
  const at = rest.lastIndexOf('@');
  const auth = at >= 0 ? rest.slice(0, at) : '';
  const [hosts = '', name = '', db] = (at >= 0 ? rest.slice(at + 1) : rest).split('/');
  const sentinels = hosts
    .split(',')
    .filter(Boolean)
    .map((entry) => {
      const [host = '', port = '26379'] = entry.split(':');
      return { host, port: Number(port) };
    });
  if (sentinels.length === 0 || !name)
    throw new Error('REDIS_URL: redis+sentinel:// needs host:port,… and /<master name>');
  const password = auth.includes(':') ? decodeURIComponent(auth.slice(auth.indexOf(':') + 1)) : '';
  return {
    sentinels,
    name: decodeURIComponent(name),
    ...(password ? { password } : {}),
    ...(db ? { db: Number(db) } : {}),
  };
}

/** A connection to the node of a `redis://` URL, or to the master a Sentinel URL names. */
export function connectRedis(url: string, options: RedisOptions = {}): Redis {
  const target = redisTarget(url);
  return typeof target === 'string'
    ? new Redis(target, options)
    : new Redis({ ...target, ...options });
}

/**
 * A Redis connection (a single node, or the master Sentinel names: see {@link redisTarget}). `forWorker` gives the settings BullMQ workers need
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
  const connection: RedisOptions = {
    ...settings,
    lazyConnect: false,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  };
  const redis = connectRedis(url, connection);
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
