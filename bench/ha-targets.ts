// Where the failover drills of bench/ha.bench.ts act: this machine's
// high-availability profile (scripts/ha-postgres.ts, scripts/ha-redis.ts), or a
// MongoDB replica set with Redis Sentinel run by deploy/compose.drills.yaml
// (BENCH_HA_TARGET=compose; written for a machine with a Docker engine, not run
// on the development machines, which have none). A drill whose fault a target
// cannot have (a pg_auto_failover monitor, a FerretDB on MongoDB) is skipped there.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import mongoose from 'mongoose';
import {
  nodeStates,
  provisionHaDatabase,
  restartNode,
  signalNode,
  switchover,
  waitHealthy,
  type HaNode,
} from '../scripts/ha-postgres.ts';
import { currentMaster, killRedisService, provisionHaRedis } from '../scripts/ha-redis.ts';
import { readState, signalGroup } from '../scripts/service-process.ts';
import { connectRedis } from '../src/platform/redis.ts';
import { sleep } from './load-harness.ts';

/** A paused node, and how to let it go on. */
type Resume = () => Promise<void>;

export interface HaTarget {
  name: string;
  /** Everything running again, a primary and a master elected; the URLs the stack takes. */
  makeWhole(): Promise<{ engineUris: string[]; redisUrl: string }>;
  /** The database's primary gone at once (SIGKILL), not restarted. */
  killPrimary(): Promise<void>;
  /** A planned switch of primaries; answers once it is asked for. */
  switchover(): Promise<void>;
  pausePrimary(): Promise<Resume>;
  killRedisMaster(): Promise<void>;
  killSentinel(): Promise<void>;
  /** The monitor killed, then `later` the primary; the monitor started again `restartAfter` ms after that. */
  killMonitorThenPrimary?(later: number, restartAfter: number): Promise<number>;
  /** One FerretDB killed; the answer starts it again, as its supervisor would. */
  killFerretDB?(): Promise<() => Promise<void>>;
}

async function localPrimary(): Promise<HaNode> {
  const found = (await nodeStates()).find((n) => n.reported === 'primary');
  if (!found) throw new Error('no primary to drill on');
  return found.name;
}

export const localTarget: HaTarget = {
  name: 'this machine (pg_auto_failover, FerretDB, Redis Sentinel)',
  async makeWhole() {
    const engineUris = await provisionHaDatabase();
    await waitHealthy(180);
    const redisUrl = await provisionHaRedis();
    for (let i = 0; i < 60 && !(await currentMaster()); i += 1) await sleep(500);
    return { engineUris, redisUrl };
  },
  async killPrimary() {
    // The whole node at once, keeper and PostgreSQL.
    signalNode(await localPrimary(), 'SIGKILL');
  },
  switchover() {
    void switchover();
    return Promise.resolve();
  },
  async pausePrimary() {
    const paused = await localPrimary();
    signalNode(paused, 'SIGSTOP');
    return () => {
      signalNode(paused, 'SIGCONT');
      return Promise.resolve();
    };
  },
  async killRedisMaster() {
    const master = await currentMaster();
    if (!master) throw new Error('the Sentinels name no master');
    killRedisService(master.name);
  },
  killSentinel() {
    killRedisService('ha-sentinel-1');
    return Promise.resolve();
  },
  async killMonitorThenPrimary(later, restartAfter) {
    const victim = await localPrimary();
    signalNode('monitor', 'SIGKILL');
    await sleep(later);
    const at = Date.now();
    signalNode(victim, 'SIGKILL');
    setTimeout(() => void restartNode('monitor'), restartAfter);
    return at;
  },
  killFerretDB() {
    const state = readState('ha-ferretdb-1');
    if (!state) throw new Error('ha-ferretdb-1 is not running');
    signalGroup(state.pid, 'SIGKILL');
    return Promise.resolve(() => provisionHaDatabase().then(() => undefined));
  },
};

const COMPOSE_FILE = path.resolve(import.meta.dirname, '../deploy/compose.drills.yaml');
/** The services of deploy/compose.drills.yaml by the port each listens on (host network). */
const MONGO_BY_PORT: Record<string, string> = {
  '27018': 'mongo1',
  '27019': 'mongo2',
  '27020': 'mongo3',
};
const REDIS_BY_PORT: Record<string, string> = { '6390': 'redis', '6391': 'redis-replica' };
const COMPOSE_MONGODB_URI =
  'mongodb://127.0.0.1:27018,127.0.0.1:27019,127.0.0.1:27020/haqq?replicaSet=rs0&w=majority&readConcernLevel=majority';
const COMPOSE_REDIS_URL = 'redis+sentinel://127.0.0.1:26390,127.0.0.1:26391,127.0.0.1:26392/haqq';

const compose = (...args: string[]) =>
  promisify(execFile)('docker', ['compose', '-f', COMPOSE_FILE, ...args]);

/** The replica set's primary, as its members say, and a connection to ask it. */
async function composePrimary(): Promise<{ service: string; connection: mongoose.Connection }> {
  const connection = await mongoose
    .createConnection(COMPOSE_MONGODB_URI, { serverSelectionTimeoutMS: 30_000 })
    .asPromise();
  const hello = (await connection.db!.admin().command({ hello: 1 })) as { primary?: string };
  const service = MONGO_BY_PORT[hello.primary?.split(':')[1] ?? ''];
  if (!service) throw new Error(`no primary in the replica set (hello: ${JSON.stringify(hello)})`);
  return { service, connection };
}

export const composeTarget: HaTarget = {
  name: 'deploy/compose.drills.yaml (MongoDB replica set, Redis Sentinel)',
  async makeWhole() {
    await compose('unpause').catch(() => undefined);
    await compose('up', '-d', '--wait');
    await (await composePrimary()).connection.close();
    return { engineUris: [COMPOSE_MONGODB_URI], redisUrl: COMPOSE_REDIS_URL };
  },
  async killPrimary() {
    const { service, connection } = await composePrimary();
    await connection.close();
    await compose('kill', '-s', 'SIGKILL', service);
  },
  async switchover() {
    const { connection } = await composePrimary();
    // The primary steps down for 10 s; the driver answers with a closed connection.
    await connection
      .db!.admin()
      .command({ replSetStepDown: 10 })
      .catch(() => undefined);
    await connection.close();
  },
  async pausePrimary() {
    const { service, connection } = await composePrimary();
    await connection.close();
    await compose('pause', service);
    return () => compose('unpause', service).then(() => undefined);
  },
  async killRedisMaster() {
    const sentinel = connectRedis('redis://127.0.0.1:26390');
    const [, port] = (await sentinel.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'haqq')) as [
      string,
      string,
    ];
    sentinel.disconnect();
    const service = REDIS_BY_PORT[port];
    if (!service) throw new Error(`the Sentinels name an unknown master (port ${port})`);
    await compose('kill', '-s', 'SIGKILL', service);
  },
  async killSentinel() {
    await compose('kill', '-s', 'SIGKILL', 'sentinel1');
  },
};
