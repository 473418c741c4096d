// The local document engine (../shared/FERRETDB.md): FerretDB v2.7 in front of a
// private PostgreSQL 15 cluster with the DocumentDB extension. Never touches the
// machine's own PostgreSQL server: the cluster is initialised by this project, in
// .data/postgres (or, when the `postgres` user cannot reach the clone, under its
// home with a link in .data/postgres), listens on 127.0.0.1 on a free port and
// keeps its data across restarts.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { freePort } from './free-port.ts';
import { mongoAnswers } from './service-probes.ts';
import {
  DATA,
  ROOT,
  alive,
  log,
  readState,
  signalGroup,
  startDetached,
  stopService,
  tail,
  waitFor,
} from './service-process.ts';

const FERRETDB_VERSION = 'v2.7.0';
const PG_BIN = '/usr/lib/postgresql/15/bin';
const FERRETDB_BIN = path.join(ROOT, '.tools/bin/ferretdb');
const IS_ROOT = process.getuid?.() === 0;
/** The cluster's data directory, or a link to it. */
const CLUSTER_LINK = path.join(DATA, 'postgres');
/** Clusters of clones that `postgres` cannot reach live under its home, one per clone. */
const OUTSIDE = 'haqq-clusters';

/** A provisioning step that failed, with what to do instead. */
export class EngineError extends Error {
  readonly step: string;
  constructor(step: string, detail: string) {
    super(
      `FAILED at step "${step}": ${detail}\n` +
        'Alternatives: set MONGODB_URI to a MongoDB 7+ server that answers (it always wins),\n' +
        'or run MongoDB and Redis from compose.yaml (docker compose --profile dev up -d).',
    );
    this.step = step;
  }
}

/** Runs a command (as `postgres` when we are root), turning a failure into an EngineError. */
export function run(step: string, command: string, args: string[], asOwner = false): string {
  const [file, argv] =
    asOwner && IS_ROOT ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  try {
    // From `/`: `postgres` may not be able to enter the clone it is started from.
    return execFileSync(file, argv, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: asOwner ? '/' : ROOT,
    });
  } catch (error) {
    const { stderr, stdout, message } = error as {
      stderr?: string;
      stdout?: string;
      message: string;
    };
    throw new EngineError(step, [stderr, stdout].join('\n').trim() || message);
  }
}

/** The `postgres` user's ids and home, from /etc/passwd. */
export function postgresAccount(): { uid: number; gid: number; home: string } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  const [, , uid, gid, , home] = line?.split(':') ?? [];
  if (!home) throw new EngineError('find the postgres user', 'there is no `postgres` user');
  return { uid: Number(uid), gid: Number(gid), home };
}

/** Whether `postgres` can reach `dir` (every directory above it must be searchable). */
function postgresReaches(dir: string): boolean {
  try {
    execFileSync('runuser', ['-u', 'postgres', '--', 'test', '-x', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * A directory of this clone's that `postgres` owns and can reach, behind `link`
 * (`.data/<name>`): an existing one, or a new empty one. When `postgres` cannot
 * reach the clone it lives under its home, one per clone and name, with the link.
 */
export function postgresDirectory(link: string): { dir: string; created: string[] } {
  if (existsSync(link)) return { dir: realpathSync(link), created: [] };
  // A link left to a directory that is gone: start afresh.
  rmSync(link, { force: true });
  mkdirSync(DATA, { recursive: true });
  if (!IS_ROOT || postgresReaches(DATA)) {
    mkdirSync(link, { mode: 0o700 });
    if (IS_ROOT) run('create the cluster directory', 'chown', ['postgres:postgres', link]);
    return { dir: link, created: [link] };
  }
  const name = path.basename(link);
  const id = createHash('sha256').update(ROOT).digest('hex').slice(0, 16);
  const home = path.join(postgresAccount().home, OUTSIDE);
  const base = path.join(home, name === 'postgres' ? id : `${id}-${name}`);
  const dir = path.join(base, 'pg');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(path.join(base, 'project'), `${ROOT}\n${link}\n`);
  run('create the cluster directory', 'chown', ['postgres:postgres', home]);
  run('create the cluster directory', 'chown', ['-R', 'postgres:postgres', base]);
  symlinkSync(dir, link);
  log(`the postgres user cannot reach ${DATA}: ${name} lives in ${dir}`);
  return { dir, created: [link, base] };
}

/** What DocumentDB needs of every PostgreSQL server under FerretDB (here and in ha-postgres.ts). */
export const DOCUMENTDB_SETTINGS = `
shared_preload_libraries = 'pg_cron,pg_documentdb_core,pg_documentdb'
cron.database_name = 'postgres'
documentdb.enableLetAndCollationForQueryMatch = true
documentdb.enableNowSystemVariable = true
documentdb.enableSortbyIdPushDownToPrimaryKey = true
documentdb.enableSchemaValidation = true
documentdb.enableBypassDocumentValidation = true
documentdb.enableUserCrud = true
documentdb.maxUserLimit = 100
`;

const CLUSTER_SETTINGS = `
# Haqq's private cluster for FerretDB v2 with DocumentDB (scripts/engine.ts).
listen_addresses = '127.0.0.1'
unix_socket_directories = ''${DOCUMENTDB_SETTINGS}`;

function initialise(dir: string): void {
  const where = dir.startsWith(`${ROOT}/`) ? path.relative(ROOT, dir) : dir;
  log(`initialising a PostgreSQL 15 cluster in ${where}`);
  run(
    'initialise the PostgreSQL cluster',
    path.join(PG_BIN, 'initdb'),
    ['-D', dir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8'],
    true,
  );
  appendFileSync(path.join(dir, 'postgresql.conf'), CLUSTER_SETTINGS);
}

/** The port of the cluster's running postmaster, if it runs and answers. */
function runningPort(dir: string): number | undefined {
  let lines: string[];
  try {
    lines = readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port || !alive(pid)) return undefined;
  try {
    execFileSync(path.join(PG_BIN, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(port)]);
    return port;
  } catch {
    return undefined;
  }
}

function stopCluster(dir: string): void {
  run(
    'stop the PostgreSQL cluster',
    path.join(PG_BIN, 'pg_ctl'),
    ['-D', dir, '-m', 'fast', '-w', 'stop'],
    true,
  );
}

async function startCluster(dir: string, wanted?: number): Promise<number> {
  const port = wanted ?? (await freePort(54320));
  try {
    run(
      'start the PostgreSQL cluster',
      path.join(PG_BIN, 'pg_ctl'),
      [
        '-D',
        dir,
        '-l',
        path.join(dir, 'server.log'),
        '-o',
        `-p ${port}`,
        '-w',
        '-t',
        '60',
        'start',
      ],
      true,
    );
  } catch (error) {
    const logTail = tail(path.join(dir, 'server.log'));
    throw error instanceof EngineError && logTail
      ? new EngineError(error.step, `${error.message.split('\n')[0]}\n${logTail}`)
      : error;
  }
  return port;
}

export function sql(port: number, step: string, statement: string): string {
  return run(step, path.join(PG_BIN, 'psql'), [
    ...['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres'],
    ...['-v', 'ON_ERROR_STOP=1', '-qAtc', statement],
  ]).trim();
}

/** Kills the pg_auto_failover keepers started from under `dir`, with their process groups. */
function stopOrphanedKeepers(dir: string): void {
  let pids: number[];
  try {
    pids = execFileSync('pgrep', ['-f', `pg_autoctl run --pgdata ${dir}`], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return; // none
  }
  for (const pid of pids) signalGroup(pid, 'SIGKILL');
}

/** Removes the outside clusters of clones that no longer exist (CI clones come and go). */
function sweepOrphans(): void {
  if (!IS_ROOT) return;
  const home = path.join(postgresAccount().home, OUTSIDE);
  if (!existsSync(home)) return;
  for (const id of readdirSync(home)) {
    const base = path.join(home, id);
    const [project = '', link = path.join(project, '.data/postgres')] = existsSync(
      path.join(base, 'project'),
    )
      ? readFileSync(path.join(base, 'project'), 'utf8').trim().split('\n')
      : [];
    if (project && existsSync(link)) continue;
    const dir = path.join(base, 'pg');
    if (runningPort(dir) !== undefined) stopCluster(dir);
    // The high-availability profile's nodes (ha-postgres.ts): their keepers, then their servers.
    if (path.basename(link) !== 'postgres') stopOrphanedKeepers(dir);
    rmSync(base, { recursive: true, force: true });
    log(`removed the cluster of ${project || 'an unknown clone'}, which no longer exists`);
  }
}

/** Builds what is missing (scripts/build-engine.sh), or throws an EngineError. */
export function build(): void {
  try {
    execFileSync('bash', [path.join(ROOT, 'scripts/build-engine.sh')], { stdio: 'inherit' });
  } catch {
    throw new EngineError(
      'build the engine',
      'scripts/build-engine.sh failed (its message is above)',
    );
  }
}

/**
 * Starts (or finds running) the cluster and FerretDB; answers the MongoDB URI of
 * database `haqq`. On failure nothing half-started is left: a cluster started
 * here is stopped again, and one initialised here is removed.
 */
export async function provisionEngine(): Promise<string> {
  build();
  sweepOrphans();
  const { dir, created } = postgresDirectory(CLUSTER_LINK);
  let startedHere = false;
  try {
    if (!existsSync(path.join(dir, 'PG_VERSION'))) initialise(dir);
    let port = runningPort(dir);
    if (port === undefined) {
      port = await startCluster(dir);
      startedHere = true;
    }
    sql(
      port,
      'create the DocumentDB extension',
      'CREATE EXTENSION IF NOT EXISTS documentdb CASCADE',
    );
    const pgUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
    return await startFerretDB(pgUrl);
  } catch (error) {
    await stopService('ferretdb');
    if (startedHere) {
      try {
        stopCluster(dir);
      } catch {
        // Reported below with the first error.
      }
    }
    for (const made of created) rmSync(made, { recursive: true, force: true });
    throw error;
  }
}

async function startFerretDB(pgUrl: string): Promise<string> {
  const key = `${FERRETDB_VERSION} ${pgUrl}`;
  const state = readState('ferretdb');
  if (
    state?.key === key &&
    alive(state.pid) &&
    (await mongoAnswers(`mongodb://127.0.0.1:${state.port}/`))
  ) {
    return `mongodb://127.0.0.1:${state.port}/haqq`;
  }
  await stopService('ferretdb');
  const port = await freePort(27027);
  mkdirSync(path.join(DATA, 'ferretdb'), { recursive: true });
  startDetached(
    'ferretdb',
    FERRETDB_BIN,
    [
      `--postgresql-url=${pgUrl}`,
      `--listen-addr=127.0.0.1:${port}`,
      '--no-auth',
      `--state-dir=${path.join(DATA, 'ferretdb')}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=warn',
    ],
    port,
    key,
  );
  const uri = `mongodb://127.0.0.1:${port}/`;
  try {
    await waitFor('ferretdb', () => mongoAnswers(uri));
  } catch (error) {
    throw new EngineError('start FerretDB', (error as Error).message);
  }
  return `${uri}haqq`;
}

/** Stops FerretDB, then the cluster (a fast, clean shutdown: its data stays). */
export async function stopEngine(): Promise<void> {
  await stopService('ferretdb');
  if (!existsSync(CLUSTER_LINK)) return;
  const dir = realpathSync(CLUSTER_LINK);
  if (runningPort(dir) === undefined) return;
  stopCluster(dir);
  log('stopped the PostgreSQL cluster');
}

/**
 * For fault drills (`npm run bench -- faults`): stops the running cluster (fast
 * shutdown, FerretDB left running) and gives back a start on the same port.
 */
export function stopPostgresForDrill(): { start(): Promise<void> } {
  const dir = realpathSync(CLUSTER_LINK);
  const port = runningPort(dir);
  if (port === undefined) throw new EngineError('stop PostgreSQL', 'the cluster is not running');
  stopCluster(dir);
  return {
    async start() {
      // Under load a client socket may hold the port as its ephemeral port for a moment.
      for (let attempt = 1; ; attempt += 1) {
        try {
          await startCluster(dir, port);
          return;
        } catch (error) {
          if (attempt >= 20) throw error;
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
    },
  };
}

/** One line on the cluster: where it is and whether it runs. */
export function engineStatus(): string {
  if (!existsSync(CLUSTER_LINK)) return 'postgres: no cluster yet';
  const where = lstatSync(CLUSTER_LINK).isSymbolicLink()
    ? realpathSync(CLUSTER_LINK)
    : '.data/postgres';
  const port = runningPort(realpathSync(CLUSTER_LINK));
  return `postgres: ${port === undefined ? 'stopped' : `running, port ${port}`} (${where})`;
}
