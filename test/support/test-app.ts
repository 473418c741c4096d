import type { Express } from 'express';
import mongoose from 'mongoose';
import type { Redis } from 'ioredis';
import { createApp } from '../../src/app.ts';
import type { Config } from '../../src/config.ts';
import { loadJurisdictions } from '../../src/jurisdictions/jurisdiction-registry.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { connectMongo, ensureIndexes } from '../../src/platform/mongo.ts';
import { closeRedis, createRedis } from '../../src/platform/redis.ts';
import type { QueueName } from '../../src/platform/queues.ts';
import { settleAfterResponse } from '../../src/platform/after-response.ts';
import '../../src/models.ts';
import { startMailCatcher, type MailCatcher } from '../../src/dev/mail-catcher.ts';
import { createContractChecker } from './contract.ts';
import { testConfig } from './test-env.ts';
import { createMailer } from '../../src/platform/mailer.ts';
import { handlerDeps, startWorkers, type RunningWorkers } from '../../jobs/start-workers.ts';
import type { Resolver } from '../../src/webhooks/webhook-address.ts';
import { testResolver } from './test-resolver.ts';

export interface TestApp {
  app: Express;
  config: Config;
  redis: Redis;
  /** The OpenAPI contract check of this app's JSON answers (close() fails on a violation). */
  contract?: ReturnType<typeof createContractChecker>;
  close(): Promise<void>;
}

/** Connects this test file's fresh database (indexes created, as at boot). */
export async function connectTestDatabase(config: Config): Promise<void> {
  await connectMongo(config.MONGODB_URI);
  await mongoose.connection.dropDatabase();
  await ensureIndexes();
}

/** Drops this test file's database and closes the connection. */
export async function dropTestDatabase(): Promise<void> {
  await mongoose.connection.dropDatabase();
  await mongoose.disconnect();
}

/**
 * The real app over the real services, as src/server.ts builds it but without
 * listening (supertest binds it to port 0).
 */
export async function startTestApp(
  name: string,
  overrides: Record<string, string> = {},
  options: { resolveHost?: Resolver } = {},
): Promise<TestApp> {
  const config = testConfig(name, overrides);
  const logger = createLogger(config, `test-${name}`);
  // A second app in the same file shares the first one's database connection.
  const ownsDatabase = mongoose.connection.readyState === mongoose.ConnectionStates.disconnected;
  if (ownsDatabase) await connectTestDatabase(config);
  const redis = createRedis(config.REDIS_URL, logger);
  // Every JSON answer of the API is checked against the OpenAPI document.
  const contract = createContractChecker();
  const app = createApp({
    config,
    logger,
    redis,
    jurisdictions: loadJurisdictions(),
    observeJson: contract.observe,
    // Webhook addresses: no outside DNS in tests.
    resolveHost: options.resolveHost ?? testResolver(),
  });
  return {
    app,
    config,
    redis,
    contract,
    async close() {
      // Mails sent after an answer first (they use the connections closed below).
      await settleAfterResponse();
      // Leave nothing in the shared Redis: this file's keys all carry its prefix.
      if (redis.status === 'ready') await deletePrefixed(redis, config.REDIS_PREFIX);
      await closeRedis(redis);
      if (ownsDatabase) await dropTestDatabase();
      if (contract.violations.length > 0)
        throw new Error(
          `responses that differ from the OpenAPI document:\n${[...new Set(contract.violations)].join('\n')}`,
        );
    },
  };
}

/**
 * Deletes every key of one test file (its prefix) from the Redis all files
 * share. Never FLUSHDB there: it would take the sessions and queues of the
 * files running beside it (CI saw a 401 for a user just signed in).
 */
export async function deletePrefixed(redis: Redis, prefix: string): Promise<void> {
  let cursor: string | undefined = '0';
  while (cursor !== undefined) {
    const [next, keys]: [string, string[]] = await redis.scan(
      cursor,
      'MATCH',
      `${prefix}*`,
      'COUNT',
      1000,
    );
    if (keys.length > 0) await redis.del(...keys);
    cursor = next === '0' ? undefined : next;
  }
}

/** Resolves once `redis` is connected (or rejects after `ms`). */
export async function redisReady(redis: Redis, ms = 5_000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error('redis not ready'));
    }, ms);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * The app with its own real SMTP listener, so a test reads exactly the mail it
 * caused. BASE_URL is http because supertest sends no Secure cookie.
 */
export async function startTestAppWithMailbox(
  name: string,
  options: {
    now?: () => Date;
    queues?: readonly QueueName[];
    overrides?: Record<string, string>;
    resolveHost?: Resolver;
  } = {},
): Promise<TestApp & { mailbox: MailCatcher; workers: RunningWorkers }> {
  const mailbox = await startMailCatcher();
  const resolveHost = options.resolveHost ?? testResolver();
  const harness = await startTestApp(
    name,
    { SMTP_URL: mailbox.url, BASE_URL: 'http://haqq.example', ...options.overrides },
    { resolveHost },
  );
  // The mail queue's real worker, in this process, on this file's queue prefix.
  const logger = createLogger(harness.config, `test-${name}-worker`);
  const connection = createRedis(harness.config.REDIS_URL, logger, { forWorker: true });
  const mailer = createMailer(harness.config);
  const running = startWorkers(
    connection,
    harness.config.REDIS_PREFIX,
    handlerDeps(harness.config, loadJurisdictions(), mailer, options.now, resolveHost),
    logger,
    // What follows an event, and the mails (reminders and rollups when a file asks for them).
    { queues: options.queues ?? ['events', 'mail'] },
  );
  return {
    ...harness,
    mailbox,
    workers: running,
    async close() {
      await running.close();
      mailer.close();
      await closeRedis(connection);
      await harness.close();
      await mailbox.close();
    },
  };
}
