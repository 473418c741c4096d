import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { QueueEvents, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { handlersByQueue, JOBS, type JobHandlers } from '../../jobs/job-registry.ts';
import { routeJobs } from '../../jobs/job-router.ts';
import { DIGEST_MAIL_JOB } from '../../src/reminders/officer-digest.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { closeQueues, createQueues, type Queues } from '../../src/platform/queues.ts';
import { closeRedis, createRedis } from '../../src/platform/redis.ts';
import { testConfig } from '../support/test-env.ts';

describe('queues on the real Redis', () => {
  const config = testConfig('queues');
  const logger = createLogger(config);
  let connection: Redis;
  let queues: Queues;
  let worker: Worker;
  let events: QueueEvents;
  let eventsConnection: Redis;
  // Every registered job's handler records the payload it was given (read through the registry).
  const given: unknown[] = [];
  const record = (data: unknown) => {
    given.push(data);
    return Promise.resolve('handled');
  };
  const registered = handlersByQueue(
    Object.fromEntries(JOBS.map((job) => [job.name, record])) as unknown as JobHandlers,
  );

  before(async () => {
    connection = createRedis(config.REDIS_URL, logger, { forWorker: true });
    queues = createQueues(connection, config.REDIS_PREFIX);
    worker = new Worker(
      'mail',
      routeJobs('mail', {
        ...registered.mail,
        echo: (job) => Promise.resolve({ echoed: job.data as unknown }),
      }),
      {
        connection,
        prefix: config.REDIS_PREFIX,
      },
    );
    eventsConnection = connection.duplicate();
    events = new QueueEvents('mail', {
      connection: eventsConnection,
      prefix: config.REDIS_PREFIX,
    });
    await events.waitUntilReady();
  });
  after(async () => {
    await worker.close();
    await events.close();
    await Promise.all(Object.values(queues).map((queue) => queue.obliterate({ force: true })));
    await closeQueues(queues);
    // BullMQ never closes a connection it was given, duplicates included.
    await Promise.all([closeRedis(eventsConnection), closeRedis(connection)]);
  });

  it('runs a job by name, under its deterministic id', async () => {
    const job = await queues.mail.add(
      'echo',
      { requestId: 'r1' },
      { jobId: 'r1_echo_1774310399999' },
    );
    assert.equal(job.id, 'r1_echo_1774310399999');
    const result: unknown = await job.waitUntilFinished(events, 10_000);
    assert.deepEqual(result, { echoed: { requestId: 'r1' } });
    const again = await queues.mail.add(
      'echo',
      { requestId: 'r1' },
      { jobId: 'r1_echo_1774310399999' },
    );
    assert.equal(again.id, job.id, 'a second add with the same id is the same job');
  });

  it('fails a job of unknown name at once, without retries', async () => {
    const job = await queues.mail.add('no-such-kind', {});
    await assert.rejects(
      job.waitUntilFinished(events, 10_000),
      /no handler for job "no-such-kind"/,
    );
    const failed = await queues.mail.getJob(job.id!);
    assert.equal(failed?.attemptsMade, 1);
  });

  it('each job name is registered once, on one queue', () => {
    const names = JOBS.map((job) => job.name);
    assert.equal(new Set(names).size, names.length);
    for (const job of JOBS) assert.ok(registered[job.queue][job.name], job.name);
  });

  it('reads a payload through its definition; a bad one fails at once, without retries', async () => {
    const data = { key: 'digest_1', userId: '0123456789abcdef01234567', jurisdiction: 'JO' };
    const good = await DIGEST_MAIL_JOB.add(queues, data);
    assert.equal(await good.waitUntilFinished(events, 10_000), 'handled');
    assert.deepEqual(given.at(-1), data);
    // What an old or foreign producer might queue: not the payload the definition says.
    const bad = await queues.mail.add(DIGEST_MAIL_JOB.name, { key: 7, userId: 'me' });
    await assert.rejects(
      bad.waitUntilFinished(events, 10_000),
      /bad payload: key .*; userId .*; jurisdiction/,
    );
    assert.equal((await queues.mail.getJob(bad.id!))?.attemptsMade, 1);
    assert.equal(given.length, 1, 'the handler never saw the bad payload');
  });
});
