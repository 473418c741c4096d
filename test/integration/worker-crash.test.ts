import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { startMailCatcher, type MailCatcher } from '../../src/dev/mail-catcher.ts';
import { NotificationModel } from '../../src/notifications/notification-model.ts';
import { createQueues, closeQueues } from '../../src/platform/queues.ts';
import { RECONCILE_JOB } from '../../src/reminders/reminder-scheduler.ts';
import { createRequest, createUser } from '../support/factories.ts';
import { startPrivateRedis } from '../support/private-redis.ts';
import { drained } from '../support/queues.ts';
import { connectTestDatabase, dropTestDatabase } from '../support/test-app.ts';
import { testConfig } from '../support/test-env.ts';
import type { Config } from '../../src/config.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const REQUESTS = 20;
// Per request: due-soon, due-today and overdue to two officers and the agency admin (9), the
// escalation to the agency admin and the auditor (2); the requester has no address here.
const PER_REQUEST = 11;
const DAY = 86_400_000;

/** A worker process (`node jobs/worker.ts`), resolved once it logs that it started. */
async function startWorker(config: Config): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['jobs/worker.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      MONGODB_URI: config.MONGODB_URI,
      REDIS_URL: config.REDIS_URL,
      REDIS_PREFIX: config.REDIS_PREFIX,
      SMTP_URL: config.SMTP_URL,
      BASE_URL: config.BASE_URL,
      LOG_LEVEL: 'info',
      NODE_ENV: 'test',
      // The killed worker's jobs are taken up 5 s after, not the default 30 s.
      JOB_LOCK_MS: '5000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = createInterface({ input: child.stdout });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error('the worker did not start'));
    }, 30_000);
    lines.on('line', (line) => {
      if (line.includes('worker started')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return child;
}

describe('a worker killed in the middle of a batch (SIGKILL), then restarted', () => {
  let mailbox: MailCatcher;
  let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
  let config: Config;
  let worker: ChildProcess | undefined;
  before(async () => {
    mailbox = await startMailCatcher();
    redis = await startPrivateRedis();
    config = testConfig('worker_crash', {
      REDIS_URL: redis.url,
      SMTP_URL: mailbox.url,
      BASE_URL: 'http://haqq.example',
    });
    await connectTestDatabase(config);
  });
  after(async () => {
    worker?.kill('SIGKILL');
    await dropTestDatabase();
    await redis.stop();
    await mailbox.close();
  });

  it('loses no reminder; the only repeats are mails that were in flight, and it says how many', async () => {
    await createUser('officer', { agency: 'JO-MOH' });
    await createUser('officer', { agency: 'JO-MOH' });
    await createUser('agency_admin', { agency: 'JO-MOH' });
    await createUser('auditor', { jurisdiction: 'JO' });
    // Overdue requests: every reminder of theirs is already due.
    for (let i = 0; i < REQUESTS; i += 1)
      await createRequest({
        status: 'acknowledged',
        receivedAt: new Date(Date.now() - 40 * DAY),
        dueAt: new Date(Date.now() - 20 * DAY),
      });
    const queues = createQueues({ url: redis.url }, config.REDIS_PREFIX);
    worker = await startWorker(config);
    await RECONCILE_JOB.add(queues, {});
    const expected = REQUESTS * PER_REQUEST;
    // Kill it while the batch is under way.
    const deadline = Date.now() + 60_000;
    while (mailbox.messages().length < expected / 4) {
      if (Date.now() > deadline) throw new Error('no mail before the kill');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    worker.kill('SIGKILL');
    await new Promise((resolve) => worker!.once('exit', resolve));
    const atKill = mailbox.messages().length;
    assert.ok(atKill < expected, 'the kill came in the middle of the batch');
    // A new worker takes over (stalled jobs return once their lock expires).
    worker = await startWorker(config);
    const keys = () => new Set(mailbox.messages().map((m) => m.messageId));
    const until = Date.now() + 100_000;
    while (keys().size < expected) {
      if (Date.now() > until)
        throw new Error(
          `only ${String(keys().size)} of ${String(expected)} distinct mails arrived`,
        );
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await drained([queues.events, queues.mail, queues.deadlines]);
    const received = mailbox.messages().length;
    const duplicates = received - keys().size;
    console.log(
      `worker killed after ${String(atKill)} of ${String(expected)} mails; ` +
        `${String(keys().size)} distinct arrived, ${String(duplicates)} repeated (in flight at the kill)`,
    );
    assert.equal(keys().size, expected, 'no reminder lost');
    assert.equal(await NotificationModel.countDocuments(), expected);
    // At most the mails a worker had in flight: 10 concurrent mail jobs.
    assert.ok(duplicates <= 10, `${String(duplicates)} repeats`);
    await closeQueues(queues);
  });
});
