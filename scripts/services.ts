// Provisions the services Haqq needs, idempotently: MongoDB (MONGODB_URI, or a
// FerretDB v1.24.2 built and started here), Redis (REDIS_URL, or a local
// redis-server) and SMTP (SMTP_URL, or the mail catcher). Writes the URLs in use
// to .run/services.env. `node scripts/services.ts up|stop|status`.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { freePort } from './free-port.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const RUN = path.join(ROOT, '.run');
const DATA = path.join(ROOT, '.data');
const FERRETDB_BIN = path.join(ROOT, '.tools/bin/ferretdb');
const ENV_FILE = path.join(RUN, 'services.env');

interface ServiceState {
  pid: number;
  port: number;
  key: string;
}

const log = (message: string) => {
  process.stderr.write(`services: ${message}\n`);
};

function statePath(name: string): string {
  return path.join(RUN, `${name}.json`);
}

function readState(name: string): ServiceState | undefined {
  try {
    return JSON.parse(readFileSync(statePath(name), 'utf8')) as ServiceState;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopService(name: string): Promise<void> {
  const state = readState(name);
  if (state && alive(state.pid)) {
    process.kill(state.pid, 'SIGTERM');
    for (let i = 0; i < 50 && alive(state.pid); i += 1) await sleep(100);
    if (alive(state.pid)) process.kill(state.pid, 'SIGKILL');
    log(`stopped ${name} (pid ${state.pid})`);
  }
  rmSync(statePath(name), { force: true });
}

function startDetached(
  name: string,
  command: string,
  args: string[],
  port: number,
  key: string,
): void {
  mkdirSync(RUN, { recursive: true });
  const out = openSync(path.join(RUN, `${name}.log`), 'a');
  const child = spawn(command, args, { detached: true, stdio: ['ignore', out, out], cwd: ROOT });
  if (child.pid === undefined) throw new Error(`could not start ${name}`);
  child.unref();
  writeFileSync(
    statePath(name),
    JSON.stringify({ pid: child.pid, port, key } satisfies ServiceState),
  );
}

async function waitFor(name: string, check: () => Promise<boolean>, seconds = 60): Promise<void> {
  for (let i = 0; i < seconds * 4; i += 1) {
    if (await check()) return;
    await sleep(250);
  }
  const logFile = path.join(RUN, `${name}.log`);
  const tail = existsSync(logFile)
    ? readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n')
    : '';
  throw new Error(`${name} did not become ready in ${seconds} s\n${tail}`);
}

async function mongoAnswers(uri: string): Promise<boolean> {
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

async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 1_500,
    retryStrategy: () => null,
  });
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

async function tcpAnswers(port: number): Promise<boolean> {
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

async function provisionMongo(): Promise<string> {
  const given = process.env.MONGODB_URI;
  if (given) {
    if (await mongoAnswers(given)) return given;
    log(`MONGODB_URI does not answer a ping; starting FerretDB instead`);
  }
  const pgUrl = process.env.FERRETDB_POSTGRESQL_URL;
  const key = pgUrl ? `postgresql ${pgUrl}` : 'sqlite';
  const state = readState('ferretdb');
  if (
    state?.key === key &&
    alive(state.pid) &&
    (await mongoAnswers(`mongodb://127.0.0.1:${state.port}/`))
  ) {
    return `mongodb://127.0.0.1:${state.port}/haqq`;
  }
  await stopService('ferretdb');
  execFileSync('bash', [path.join(ROOT, 'scripts/build-ferretdb.sh')], { stdio: 'inherit' });
  const port = await freePort(27027);
  const backend = pgUrl
    ? ['--handler=postgresql', `--postgresql-url=${pgUrl}`]
    : ['--handler=sqlite', `--sqlite-url=file:${path.join(DATA, 'ferretdb')}/`];
  mkdirSync(path.join(DATA, 'ferretdb'), { recursive: true });
  startDetached(
    'ferretdb',
    FERRETDB_BIN,
    [
      ...backend,
      `--listen-addr=127.0.0.1:${port}`,
      '--state-dir=-',
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=warn',
    ],
    port,
    key,
  );
  const uri = `mongodb://127.0.0.1:${port}/`;
  await waitFor('ferretdb', () => mongoAnswers(uri));
  return `${uri}haqq`;
}

function ensureRedisServer(): string {
  const found = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => existsSync(p));
  if (found) return found;
  log('redis-server is missing; installing the Debian package');
  const asRoot = process.getuid?.() === 0;
  const run = (args: string[]) => {
    execFileSync(asRoot ? 'env' : 'sudo', args, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  };
  run(['apt-get', 'update', '-qq']);
  run(['apt-get', 'install', '-y', '-qq', 'redis-server']);
  return '/usr/bin/redis-server';
}

async function provisionRedis(): Promise<string> {
  const given = process.env.REDIS_URL;
  if (given) {
    if (await redisAnswers(given)) return given;
    log('REDIS_URL does not answer PING; starting a local redis-server instead');
  }
  const state = readState('redis');
  if (state && alive(state.pid) && (await redisAnswers(`redis://127.0.0.1:${state.port}`))) {
    return `redis://127.0.0.1:${state.port}`;
  }
  await stopService('redis');
  const bin = ensureRedisServer();
  const port = await freePort(6389);
  startDetached(
    'redis',
    bin,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'no',
    ],
    port,
    'local',
  );
  const url = `redis://127.0.0.1:${port}`;
  await waitFor('redis', () => redisAnswers(url));
  return url;
}

async function provisionSmtp(): Promise<{ url: string; dir?: string }> {
  const given = process.env.SMTP_URL;
  if (given) return { url: given };
  const dir = path.join(RUN, 'mail');
  const state = readState('mail-catcher');
  if (state && alive(state.pid) && (await tcpAnswers(state.port))) {
    return { url: `smtp://127.0.0.1:${state.port}`, dir };
  }
  await stopService('mail-catcher');
  const port = await freePort(2525);
  startDetached(
    'mail-catcher',
    process.execPath,
    [path.join(ROOT, 'scripts/mail-catcher.ts'), '--port', String(port), '--dir', dir],
    port,
    'local',
  );
  await waitFor('mail-catcher', () => tcpAnswers(port), 20);
  return { url: `smtp://127.0.0.1:${port}`, dir };
}

async function up(): Promise<void> {
  mkdirSync(RUN, { recursive: true });
  const mongo = await provisionMongo();
  const redis = await provisionRedis();
  const smtp = await provisionSmtp();
  const lines = [`MONGODB_URI=${mongo}`, `REDIS_URL=${redis}`, `SMTP_URL=${smtp.url}`];
  if (smtp.dir) lines.push(`MAIL_CATCHER_DIR=${smtp.dir}`);
  writeFileSync(ENV_FILE, `${lines.join('\n')}\n`);
  log(`MongoDB ${mongo}`);
  log(`Redis   ${redis}`);
  log(`SMTP    ${smtp.url}${smtp.dir ? ` (caught mail in ${path.relative(ROOT, smtp.dir)})` : ''}`);
}

async function stop(): Promise<void> {
  for (const name of ['mail-catcher', 'redis', 'ferretdb']) await stopService(name);
  rmSync(ENV_FILE, { force: true });
}

const command = process.argv[2] ?? 'up';
if (command === 'up') await up();
else if (command === 'stop') await stop();
else if (command === 'status') {
  for (const name of ['ferretdb', 'redis', 'mail-catcher']) {
    const state = readState(name);
    log(
      `${name}: ${state && alive(state.pid) ? `running, pid ${state.pid}, port ${state.port}` : 'stopped'}`,
    );
  }
} else {
  log(`unknown command "${command}" (up, stop, status)`);
  process.exit(2);
}
