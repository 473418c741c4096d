// Redis of the high-availability profile (`npm run services -- --ha`, issue 38): a
// master, an asynchronous replica and three Sentinels (quorum 2), all
// `redis-server` processes on ports of their own. The app reaches them through
// `redis+sentinel://…/haqq` (src/platform/redis.ts). Like the plain profile's
// Redis it keeps nothing on disk; the Sentinels keep their view of who is master
// in .data/ha-redis, so a restarted node rejoins as a replica of the new master.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './free-port.ts';
import { redisAnswers } from './service-probes.ts';
import {
  DATA,
  alive,
  describeService,
  readState,
  signalGroup,
  startDetached,
  stopService,
  waitFor,
} from './service-process.ts';

const MASTER_NAME = 'haqq';
const REDIS_NODES = ['ha-redis-1', 'ha-redis-2'] as const;
const SENTINELS = ['ha-sentinel-1', 'ha-sentinel-2', 'ha-sentinel-3'] as const;
type Name = (typeof REDIS_NODES)[number] | (typeof SENTINELS)[number];
const DIR = path.join(DATA, 'ha-redis');
const LAYOUT = path.join(DIR, 'layout.json');
/** A master unreachable for 2 s is down; a failover not done in 10 s is tried again. */
const DOWN_AFTER_MS = 2_000;
const FAILOVER_TIMEOUT_MS = 10_000;

type Layout = Record<Name, number>;

async function layout(): Promise<Layout> {
  if (existsSync(LAYOUT)) return JSON.parse(readFileSync(LAYOUT, 'utf8')) as Layout;
  mkdirSync(DIR, { recursive: true });
  const chosen = {} as Layout;
  let port = 6389;
  for (const name of REDIS_NODES) port = chosen[name] = await freePort(port + 1);
  port = 26389;
  for (const name of SENTINELS) port = chosen[name] = await freePort(port + 1);
  writeFileSync(LAYOUT, `${JSON.stringify(chosen)}\n`);
  return chosen;
}

const running = (name: Name) => {
  const state = readState(name);
  return state !== undefined && alive(state.pid);
};

function startNode(name: (typeof REDIS_NODES)[number], chosen: Layout, replicaOf?: number): void {
  const dir = path.join(DIR, name);
  mkdirSync(dir, { recursive: true });
  startDetached(
    name,
    'redis-server',
    [
      ...['--port', String(chosen[name]), '--bind', '127.0.0.1', '--dir', dir],
      ...['--save', '', '--appendonly', 'no', '--daemonize', 'no'],
      ...(replicaOf === undefined ? [] : ['--replicaof', '127.0.0.1', String(replicaOf)]),
    ],
    chosen[name],
    'redis',
  );
}

function startSentinel(
  name: (typeof SENTINELS)[number],
  chosen: Layout,
  master: number,
  fresh: boolean,
): void {
  const conf = path.join(DIR, `${name}.conf`);
  // A Sentinel rewrites its file with what it learns (the current master, the others):
  // written on a cold start, then left to it.
  if (fresh || !existsSync(conf))
    writeFileSync(
      conf,
      [
        `port ${String(chosen[name])}`,
        'bind 127.0.0.1',
        `dir ${DIR}`,
        `sentinel monitor ${MASTER_NAME} 127.0.0.1 ${String(master)} 2`,
        `sentinel down-after-milliseconds ${MASTER_NAME} ${String(DOWN_AFTER_MS)}`,
        `sentinel failover-timeout ${MASTER_NAME} ${String(FAILOVER_TIMEOUT_MS)}`,
        `sentinel parallel-syncs ${MASTER_NAME} 1`,
        '',
      ].join('\n'),
    );
  startDetached(name, 'redis-server', [conf, '--sentinel'], chosen[name], 'sentinel');
}

/** The master's port, as the running Sentinels say (or undefined when none answers). */
async function masterPort(chosen: Layout): Promise<number | undefined> {
  for (const name of SENTINELS) {
    if (!running(name)) continue;
    const sentinel = new Redis({
      port: chosen[name],
      lazyConnect: true,
      connectTimeout: 1_000,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    sentinel.on('error', () => undefined);
    try {
      await sentinel.connect();
      const [, port] = (await sentinel.call(
        'SENTINEL',
        'GET-MASTER-ADDR-BY-NAME',
        MASTER_NAME,
      )) as [string, string];
      return Number(port);
    } catch {
      // The next one.
    } finally {
      sentinel.disconnect();
    }
  }
  return undefined;
}

function sentinelUrl(chosen: Layout): string {
  const hosts = SENTINELS.map((name) => `127.0.0.1:${String(chosen[name])}`).join(',');
  return `redis+sentinel://${hosts}/${MASTER_NAME}`;
}

/**
 * Provisions the master, the replica and the Sentinels, idempotently (a node
 * that is down is started as a replica of the master the Sentinels name), and
 * answers the `redis+sentinel://` URL once it answers PING.
 */
export async function provisionHaRedis(): Promise<string> {
  const chosen = await layout();
  const [first, second] = REDIS_NODES;
  // No Sentinel running: a cold start (nothing is kept), the first node the master.
  const named = await masterPort(chosen);
  const master = named ?? chosen[first];
  for (const name of REDIS_NODES)
    if (!running(name)) startNode(name, chosen, chosen[name] === master ? undefined : master);
  for (const name of SENTINELS)
    if (!running(name)) startSentinel(name, chosen, master, named === undefined);
  const url = sentinelUrl(chosen);
  await waitFor(first, () => redisAnswers(`redis://127.0.0.1:${String(master)}`));
  await waitFor(second, () => redisAnswers(url));
  return url;
}

export async function stopHaRedis(): Promise<void> {
  for (const name of [...SENTINELS, ...REDIS_NODES]) await stopService(name);
}

/** For the drills: which node is master now (by the Sentinels), and its port. */
export async function currentMaster(): Promise<
  { name: (typeof REDIS_NODES)[number]; port: number } | undefined
> {
  const chosen = await layout();
  const port = await masterPort(chosen);
  const name = REDIS_NODES.find((n) => chosen[n] === port);
  return name && port ? { name, port } : undefined;
}

/** For the drills: kills a node or a Sentinel (SIGKILL); provisionHaRedis starts it again. */
export function killRedisService(name: Name): void {
  const state = readState(name);
  if (state && alive(state.pid)) signalGroup(state.pid, 'SIGKILL');
}

export function haRedisStatus(): string[] {
  return [...REDIS_NODES, ...SENTINELS].map(describeService);
}
