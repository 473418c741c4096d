// Provisions the services Haqq needs, idempotently: MongoDB (MONGODB_URI, or the
// local engine: FerretDB v2.7 over a private PostgreSQL 15 cluster with DocumentDB,
// see engine.ts), Redis (REDIS_URL — a node or `redis+sentinel://` — or a local
// redis-server) and SMTP (SMTP_URL, or the mail catcher). Writes the URLs in use to
// .run/services.env. With `--ha`, the high-availability profile instead
// (docs/high-availability.md): PostgreSQL with pg_auto_failover under two FerretDB
// (ha-postgres.ts) and Redis with three Sentinels (ha-redis.ts); MONGODB_URIS then
// lists both FerretDB, for processes to be spread over them.
// `node scripts/services.ts [up|stop|status] [--ha]`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EngineError, engineStatus, provisionEngine, stopEngine } from './engine.ts';
import { freePort } from './free-port.ts';
import { haStatus, provisionHaDatabase, stopHaDatabase } from './ha-postgres.ts';
import { haRedisStatus, provisionHaRedis, stopHaRedis } from './ha-redis.ts';
import { mongoAnswers, redisAnswers, smtpAnswers } from './service-probes.ts';
import {
  ROOT,
  RUN,
  alive,
  describeService,
  log,
  readState,
  startDetached,
  stopService,
  waitFor,
} from './service-process.ts';

const ENV_FILE = path.join(RUN, 'services.env');

async function provisionMongo(): Promise<string> {
  const given = process.env.MONGODB_URI;
  if (given) {
    if (await mongoAnswers(given)) return given;
    log(`MONGODB_URI does not answer a ping; starting the local engine instead`);
  }
  return provisionEngine();
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
      ...['--port', String(port), '--bind', '127.0.0.1'],
      ...['--save', '', '--appendonly', 'no', '--daemonize', 'no'],
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
  if (state && alive(state.pid) && (await smtpAnswers(state.port))) {
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
  await waitFor('mail-catcher', () => smtpAnswers(port), 20);
  return { url: `smtp://127.0.0.1:${port}`, dir };
}

async function up(ha: boolean): Promise<void> {
  mkdirSync(RUN, { recursive: true });
  const mongos = ha ? await provisionHaDatabase() : [await provisionMongo()];
  const [mongo = ''] = mongos;
  const redis = ha ? await provisionHaRedis() : await provisionRedis();
  const smtp = await provisionSmtp();
  const lines = [`MONGODB_URI=${mongo}`, `REDIS_URL=${redis}`, `SMTP_URL=${smtp.url}`];
  if (ha) lines.push(`MONGODB_URIS=${mongos.join(',')}`);
  if (smtp.dir) lines.push(`MAIL_CATCHER_DIR=${smtp.dir}`);
  writeFileSync(ENV_FILE, `${lines.join('\n')}\n`);
  log(`MongoDB ${mongos.join(' and ')}`);
  log(`Redis   ${redis}`);
  log(`SMTP    ${smtp.url}${smtp.dir ? ` (caught mail in ${path.relative(ROOT, smtp.dir)})` : ''}`);
}

async function stop(): Promise<void> {
  for (const name of ['mail-catcher', 'redis']) await stopService(name);
  await stopHaRedis();
  await stopHaDatabase();
  await stopEngine();
  rmSync(ENV_FILE, { force: true });
}

function status(): void {
  for (const name of ['ferretdb', 'redis', 'mail-catcher']) log(describeService(name));
  log(engineStatus());
  for (const line of [...haStatus(), ...haRedisStatus()]) log(line);
}

const args = process.argv.slice(2);
const command = args.find((arg) => !arg.startsWith('--')) ?? 'up';
try {
  if (command === 'up') await up(args.includes('--ha'));
  else if (command === 'stop') await stop();
  else if (command === 'status') status();
  else {
    log(`unknown command "${command}" (up, stop, status)`);
    process.exitCode = 2;
  }
} catch (error) {
  if (!(error instanceof EngineError)) throw error;
  log(error.message);
  process.exitCode = 1;
}
