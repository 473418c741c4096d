import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Queue } from 'bullmq';
import { createLogger } from '../../src/platform/logger.ts';
import { closeRedis, createRedis, redisTarget } from '../../src/platform/redis.ts';
import { freePort } from '../../scripts/free-port.ts';
import { eventually } from '../support/mail.ts';

describe('redisTarget', () => {
  it('reads Sentinel addresses, the master name, its password and the database', () => {
    assert.deepEqual(
      redisTarget(
        'redis+sentinel://:s%40cret@10.0.0.1:26379,10.0.0.2,10.0.0.3:26380/haqq-master/2',
      ),
      {
        sentinels: [
          { host: '10.0.0.1', port: 26379 },
          { host: '10.0.0.2', port: 26379 },
          { host: '10.0.0.3', port: 26380 },
        ],
        name: 'haqq-master',
        password: 's@cret',
        db: 2,
      },
    );
    assert.equal(redisTarget('redis://127.0.0.1:6379/0'), 'redis://127.0.0.1:6379/0');
    assert.throws(() => redisTarget('redis+sentinel://10.0.0.1:26379'), /master name/);
  });
});

/**
 * A real Sentinel deployment in miniature: a master, a replica and one
 * sentinel (quorum 1), all redis-server processes of this file. The app's
 * connection finds the master through the sentinel, and after the master is
 * killed it writes to the replica the sentinel promoted, with no restart.
 */
describe('Redis behind Sentinel, with a failover', () => {
  const processes: ChildProcess[] = [];
  let dir = '';
  let url = '';
  const server = (args: string[]) => {
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    processes.push(child);
    return child;
  };
  let master: ChildProcess;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'haqq-sentinel-'));
    const [masterPort, replicaPort, sentinelPort] = [
      await freePort(6800),
      await freePort(6810),
      await freePort(26390),
    ];
    const common = ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    master = server(['--port', String(masterPort), ...common]);
    server([
      '--port',
      String(replicaPort),
      ...common,
      '--replicaof',
      '127.0.0.1',
      String(masterPort),
    ]);
    const conf = path.join(dir, 'sentinel.conf');
    await writeFile(
      conf,
      [
        `port ${String(sentinelPort)}`,
        'bind 127.0.0.1',
        `sentinel monitor haqq 127.0.0.1 ${String(masterPort)} 1`,
        'sentinel down-after-milliseconds haqq 1000',
        'sentinel failover-timeout haqq 5000',
        '',
      ].join('\n'),
    );
    server([conf, '--sentinel']);
    url = `redis+sentinel://127.0.0.1:${String(sentinelPort)}/haqq`;
  });
  after(async () => {
    for (const child of processes) child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('queues a job through the master the sentinel names, and again after a failover', async () => {
    const logger = createLogger({ LOG_LEVEL: 'silent' }, 'sentinel');
    const redis = createRedis(url, logger, { forWorker: true });
    const queue = new Queue('deadlines', { connection: redis, prefix: 'sentinel' });
    queue.on('error', () => undefined);
    await eventually('the master, through the sentinel', async () =>
      (await redis.ping().catch(() => undefined)) === 'PONG' ? true : undefined,
    );
    await queue.add('reminder', { requestId: 'a' }, { jobId: 'before-failover' });
    // The replica has the job before the master goes.
    await eventually('the replica to catch up', async () =>
      (await redis.wait(1, 1_000)) >= 1 ? true : undefined,
    );
    master.kill('SIGKILL');
    await eventually(
      'a write after the failover',
      async () =>
        await queue
          .add('reminder', { requestId: 'b' }, { jobId: 'after-failover' })
          .then(() => true)
          .catch(() => undefined),
      30_000,
    );
    assert.ok(await queue.getJob('before-failover'), 'the job queued before the failover survives');
    assert.ok(await queue.getJob('after-failover'));
    await queue.close();
    await closeRedis(redis);
  });
});
