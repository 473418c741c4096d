// Does a service answer? One probe per protocol, each giving up within seconds.
import net from 'node:net';
import mongoose from 'mongoose';
import { connectRedis } from '../src/platform/redis.ts';

export async function mongoAnswers(uri: string): Promise<boolean> {
  const connection = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 1_500 });
  try {
    await connection.asPromise();
    await connection.db?.command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/** A `redis://` node, or the master the Sentinels of a `redis+sentinel://` URL name. */
export async function redisAnswers(url: string): Promise<boolean> {
  const options = {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 1_500,
    retryStrategy: () => null,
    sentinelRetryStrategy: () => null,
  };
  const redis = connectRedis(url, options);
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return true;
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/** An SMTP server greets with 220. */
export async function smtpAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setTimeout(1_500);
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('220'));
    });
    socket.once('error', () => {
      resolve(false);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
