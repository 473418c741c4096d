// The database of the high-availability profile (`npm run services -- --ha`, issue
// 38): PostgreSQL 15 with automatic failover by pg_auto_failover (Debian's
// postgresql-15-auto-failover) — a monitor, a primary and a synchronous standby,
// DocumentDB on each data node — and two FerretDB processes that reach whichever
// node is primary through one multi-host URL with `target_session_attrs=read-write`
// (proven to follow a switchover and a failover: docs/high-availability.md).
//
// Everything lives in .data/ha (the monitor, node1, node2, pg_autoctl's own
// configuration) on ports of its own, kept across restarts like the local engine;
// it never touches the machine's PostgreSQL. Each pg_autoctl keeper runs detached
// (`.run/ha-*.json`), its PostgreSQL a child in its process group, so a drill can
// take a whole node away at once.
import { execFile, execFileSync } from 'node:child_process';
import {
  appendFileSync,
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import {
  DOCUMENTDB_SETTINGS,
  EngineError,
  build,
  postgresAccount,
  postgresDirectory,
  sql,
} from './engine.ts';
import { freePort } from './free-port.ts';
import { mongoAnswers } from './service-probes.ts';
import {
  DATA,
  alive,
  describeService,
  log,
  readState,
  signalGroup,
  startDetached,
  stopService,
  waitFor,
  type StartOptions,
} from './service-process.ts';

const PG_BIN = '/usr/lib/postgresql/15/bin';
const PG_AUTOCTL = '/usr/bin/pg_autoctl';
const FERRETDB_BIN = path.join(path.dirname(DATA), '.tools/bin/ferretdb');
const LINK = path.join(DATA, 'ha');
const IS_ROOT = process.getuid?.() === 0;
const HA_NODES = ['node1', 'node2'] as const;
export type HaNode = (typeof HA_NODES)[number];
const HA_FERRETDBS = ['ha-ferretdb-1', 'ha-ferretdb-2'] as const;

/**
 * How fast the monitor acts (defaults: a node unhealthy after 20 s, the old
 * primary given 30 s to demote itself; a failover took 50.6 s here). The keepers
 * demote a primary that sees neither monitor nor standby after 5 s, well inside
 * the 10 s the monitor waits before promoting: never two primaries.
 */
const MONITOR_SETTINGS: Record<string, number> = {
  'pgautofailover.health_check_period': 1_000,
  'pgautofailover.health_check_timeout': 1_000,
  'pgautofailover.health_check_max_retries': 1,
  'pgautofailover.health_check_retry_delay': 500,
  'pgautofailover.node_considered_unhealthy_timeout': 5_000,
  'pgautofailover.primary_demote_timeout': 10_000,
};
const NETWORK_PARTITION_TIMEOUT_S = 5;

/** Each node's PostgreSQL, after pg_autoctl's own settings: DocumentDB, a size for this machine. */
const NODE_SETTINGS = `# Haqq's high-availability profile: written by scripts/ha-postgres.ts at each start.
# pg_cron 1.6.3's launcher, writing its run log, waits for the synchronous standby and
# ignores the fast shutdown: a primary paused through its failover could then never
# demote (seen in \`npm run bench -- ha\`, primary-sigstop-20s; fixed upstream in
# citusdata/pg_cron#414, after the 1.6.3 built here). No run log: the launcher writes nothing.
cron.log_run = off
${DOCUMENTDB_SETTINGS.trim()}
shared_preload_libraries = 'pg_stat_statements,pg_cron,pg_documentdb_core,pg_documentdb'
shared_buffers = '256MB'
effective_cache_size = '2GB'
wal_keep_size = '1GB'
`;

const NODE_SETTINGS_FILE = 'haqq.conf';

/** Writes a node's settings file; a change is read at its next start (some need one). */
function writeNodeSettings(name: HaNode): void {
  const file = path.join(pgdata(name), NODE_SETTINGS_FILE);
  if (!existsSync(pgdata(name))) return;
  if (existsSync(file) && readFileSync(file, 'utf8') === NODE_SETTINGS) return;
  writeFileSync(file, NODE_SETTINGS, { mode: 0o600 });
  const { uid, gid } = owner();
  if (uid !== undefined && gid !== undefined) chownSync(file, uid, gid);
  if (readState(`ha-${name}`)) log(`${name}: new settings in ${file}, read at its next start`);
}

interface Layout {
  monitor: number;
  nodes: Record<HaNode, number>;
}

/** pg_autoctl refuses to run as root: as root, it runs as `postgres`. */
function owner(): { uid?: number; gid?: number } {
  if (!IS_ROOT) return {};
  const { uid, gid } = postgresAccount();
  return { uid, gid };
}

function base(): string {
  if (!existsSync(LINK)) postgresDirectory(LINK);
  return LINK;
}

/** pg_autoctl's environment: its configuration kept in .data/ha, PostgreSQL 15's tools. */
function autoctlOptions(): StartOptions {
  const dir = base();
  return {
    ...owner(),
    cwd: '/',
    env: {
      PATH: `${PG_BIN}:/usr/bin:/bin`,
      HOME: dir,
      LANG: 'C.UTF-8',
      PG_CONFIG: path.join(PG_BIN, 'pg_config'),
      XDG_CONFIG_HOME: path.join(dir, 'xdg/config'),
      XDG_DATA_HOME: path.join(dir, 'xdg/share'),
      XDG_RUNTIME_DIR: path.join(dir, 'xdg/run'),
    },
  };
}

function autoctl(step: string, args: string[]): string {
  try {
    return execFileSync(PG_AUTOCTL, args, {
      ...autoctlOptions(),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new EngineError(step, (stderr ?? '').trim().split('\n').slice(-12).join('\n') || message);
  }
}

const pgdata = (name: 'monitor' | HaNode) => path.join(base(), name);
const LAYOUT_FILE = path.join(LINK, 'layout.json');
const monitorUrl = (layout: Layout) =>
  `postgres://autoctl_node@127.0.0.1:${String(layout.monitor)}/pg_auto_failover?sslmode=disable`;

async function layout(): Promise<Layout> {
  if (existsSync(LAYOUT_FILE)) return JSON.parse(readFileSync(LAYOUT_FILE, 'utf8')) as Layout;
  base();
  const monitor = await freePort(55430);
  const node1 = await freePort(monitor + 1);
  const node2 = await freePort(node1 + 1);
  const chosen: Layout = { monitor, nodes: { node1, node2 } };
  writeFileSync(LAYOUT_FILE, `${JSON.stringify(chosen)}\n`);
  return chosen;
}

function ready(port: number): boolean {
  try {
    execFileSync(path.join(PG_BIN, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(port)]);
    return true;
  } catch {
    return false;
  }
}

/** Starts a node's keeper (`pg_autoctl run`), unless it runs. */
function startKeeper(name: 'monitor' | HaNode, port: number): void {
  const service = `ha-${name}`;
  const state = readState(service);
  if (state && alive(state.pid)) return;
  startDetached(
    service,
    PG_AUTOCTL,
    ['run', '--pgdata', pgdata(name)],
    port,
    'pg_autoctl',
    autoctlOptions(),
  );
}

/** One row per data node, as the monitor sees it. */
export interface NodeState {
  name: HaNode;
  port: number;
  reported: string;
  goal: string;
}

export async function nodeStates(): Promise<NodeState[]> {
  const { monitor } = await layout();
  const out = await promisify(execFile)(path.join(PG_BIN, 'psql'), [
    ...['-h', '127.0.0.1', '-p', String(monitor), '-U', 'postgres', '-d', 'pg_auto_failover'],
    ...[
      '-qAtF',
      ' ',
      '-c',
      'SELECT nodename, nodeport, reportedstate, goalstate FROM pgautofailover.node ORDER BY nodeid',
    ],
  ]);
  return out.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [name = '', port = '', reported = '', goal = ''] = line.split(' ');
      return { name: name as HaNode, port: Number(port), reported, goal };
    });
}

/** Waits until the monitor sees a primary and a secondary, each in its goal state. */
export async function waitHealthy(seconds = 120): Promise<NodeState[]> {
  const deadline = Date.now() + seconds * 1000;
  let last: NodeState[] = [];
  while (Date.now() < deadline) {
    last = await nodeStates().catch(() => []);
    const settled = last.every((n) => n.reported === n.goal);
    const states = last.map((n) => n.reported).sort();
    if (settled && states.join() === 'primary,secondary') return last;
    await sleep(500);
  }
  throw new EngineError(
    'wait for a primary and a standby',
    `after ${String(seconds)} s the monitor says: ${last.map((n) => `${n.name} ${n.reported} → ${n.goal}`).join(', ') || 'nothing'}`,
  );
}

function createMonitor(port: number): void {
  log(`creating the pg_auto_failover monitor on port ${String(port)}`);
  autoctl('create the pg_auto_failover monitor', [
    ...['create', 'monitor', '--pgdata', pgdata('monitor'), '--pgport', String(port)],
    ...['--hostname', '127.0.0.1', '--listen', '127.0.0.1', '--auth', 'trust', '--no-ssl'],
  ]);
}

function createNode(name: HaNode, layout: Layout): void {
  const started = Date.now();
  log(
    `creating ${name} on port ${String(layout.nodes[name])}${name === 'node1' ? '' : ' (a copy of the primary)'}`,
  );
  autoctl(`create ${name}`, [
    ...['create', 'postgres', '--pgdata', pgdata(name), '--pgport', String(layout.nodes[name])],
    ...['--hostname', '127.0.0.1', '--listen', '127.0.0.1', '--auth', 'trust', '--no-ssl'],
    ...['--name', name, '--monitor', monitorUrl(layout)],
  ]);
  const conf = path.join(pgdata(name), 'postgresql.conf');
  // Read after pg_autoctl's own settings; a standby's copy of the primary has the line.
  if (!readFileSync(conf, 'utf8').includes(NODE_SETTINGS_FILE))
    appendFileSync(conf, `\ninclude_if_exists '${NODE_SETTINGS_FILE}'\n`);
  writeNodeSettings(name);
  autoctl(`configure ${name}`, [
    ...['config', 'set', '--pgdata', pgdata(name)],
    ...['timeout.network_partition_timeout', String(NETWORK_PARTITION_TIMEOUT_S)],
  ]);
  log(`created ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** The monitor's timeouts (set each time: an ALTER SYSTEM and a reload). */
function tuneMonitor(port: number): void {
  const statements = Object.entries(MONITOR_SETTINGS).map(
    ([name, value]) => `ALTER SYSTEM SET ${name} = ${String(value)}`,
  );
  for (const statement of [...statements, 'SELECT pg_reload_conf()'])
    sql(port, 'set the monitor timeouts', statement);
}

async function primaryPort(layout: Layout): Promise<number> {
  const states = await nodeStates();
  const primary = states.find((n) => ['single', 'primary', 'wait_primary'].includes(n.reported));
  if (!primary) throw new EngineError('find the primary', 'the monitor names no primary');
  return layout.nodes[primary.name];
}

/** The URL every FerretDB takes: both nodes, the one that accepts writes chosen. */
function multiHostUrl(layout: Layout): string {
  const hosts = HA_NODES.map((n) => `127.0.0.1:${String(layout.nodes[n])}`).join(',');
  return `postgres://postgres@${hosts}/postgres?target_session_attrs=read-write&connect_timeout=2`;
}

/** Starts (or finds running) one FerretDB of the profile; answers its MongoDB URI. */
async function startHaFerretDB(name: (typeof HA_FERRETDBS)[number]): Promise<string> {
  const chosen = await layout();
  const url = multiHostUrl(chosen);
  const state = readState(name);
  if (
    state?.key === url &&
    alive(state.pid) &&
    (await mongoAnswers(`mongodb://127.0.0.1:${String(state.port)}/`))
  )
    return `mongodb://127.0.0.1:${String(state.port)}/haqq`;
  await stopService(name);
  const port = state?.port ?? (await freePort(name.endsWith('1') ? 27037 : 27038));
  const stateDir = path.join(DATA, name);
  mkdirSync(stateDir, { recursive: true });
  startDetached(
    name,
    FERRETDB_BIN,
    [
      `--postgresql-url=${url}`,
      `--listen-addr=127.0.0.1:${String(port)}`,
      '--no-auth',
      `--state-dir=${stateDir}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=warn',
    ],
    port,
    url,
  );
  const uri = `mongodb://127.0.0.1:${String(port)}/`;
  await waitFor(name, () => mongoAnswers(uri));
  return `${uri}haqq`;
}

/**
 * Provisions the profile's database, idempotently: creates what is missing,
 * starts what is stopped, waits for a primary and a synchronous standby, and
 * answers the MongoDB URI of each FerretDB (database `haqq`).
 */
export async function provisionHaDatabase(): Promise<string[]> {
  build();
  const dir = base();
  for (const sub of ['xdg/config', 'xdg/share', 'xdg/run'])
    mkdirSync(path.join(dir, sub), { recursive: true, mode: 0o700 });
  if (IS_ROOT) execFileSync('chown', ['-R', 'postgres:postgres', path.join(dir, 'xdg')]);
  const chosen = await layout();
  if (!existsSync(path.join(pgdata('monitor'), 'PG_VERSION'))) createMonitor(chosen.monitor);
  startKeeper('monitor', chosen.monitor);
  await waitFor('ha-monitor', () => Promise.resolve(ready(chosen.monitor)));
  tuneMonitor(chosen.monitor);
  for (const name of HA_NODES) writeNodeSettings(name);
  const first = !existsSync(path.join(pgdata('node1'), 'PG_VERSION'));
  if (first) createNode('node1', chosen);
  startKeeper('node1', chosen.nodes.node1);
  if (first) {
    await waitFor('ha-node1', () => Promise.resolve(ready(chosen.nodes.node1)));
    sql(
      chosen.nodes.node1,
      'create the DocumentDB extension',
      'CREATE EXTENSION IF NOT EXISTS documentdb CASCADE',
    );
  }
  if (!existsSync(path.join(pgdata('node2'), 'PG_VERSION'))) {
    // The copy starts at a checkpoint: ask for one now rather than wait for the next.
    sql(await primaryPort(chosen), 'checkpoint the primary', 'CHECKPOINT');
    createNode('node2', chosen);
  }
  startKeeper('node2', chosen.nodes.node2);
  const states = await waitHealthy();
  log(
    `PostgreSQL with failover: ${states.map((n) => `${n.name} ${n.reported} :${String(n.port)}`).join(', ')}; monitor :${String(chosen.monitor)}`,
  );
  const uris: string[] = [];
  for (const name of HA_FERRETDBS) uris.push(await startHaFerretDB(name));
  return uris;
}

/**
 * Stops the FerretDBs, the monitor (so that no failover starts meanwhile), then
 * the keepers (each stops its PostgreSQL), the standby before the primary.
 */
export async function stopHaDatabase(): Promise<void> {
  for (const name of HA_FERRETDBS) await stopService(name);
  const states = existsSync(LAYOUT_FILE) ? await nodeStates().catch(() => []) : [];
  const primary = states.find((n) => n.reported === 'primary')?.name;
  await stopService('ha-monitor', 30);
  const order = [...HA_NODES].sort((a) => (a === primary ? 1 : -1));
  for (const name of order) await stopService(`ha-${name}`, 30);
}

/** Whether the profile's monitor runs (the profile was started and not stopped). */
export function haDatabaseRunning(): boolean {
  const state = readState('ha-monitor');
  return state !== undefined && alive(state.pid);
}

/** For the drills: the whole node gone at once (keeper and PostgreSQL), or frozen and thawed. */
export function signalNode(
  name: 'monitor' | HaNode,
  signal: 'SIGKILL' | 'SIGSTOP' | 'SIGCONT',
): void {
  const state = readState(`ha-${name}`);
  if (!state || !alive(state.pid)) throw new EngineError(`signal ${name}`, 'it is not running');
  signalGroup(state.pid, signal);
}

/** For the drills: starts a node again (a former primary rejoins as a standby, rewound). */
export async function restartNode(name: 'monitor' | HaNode): Promise<void> {
  const chosen = await layout();
  startKeeper(name, name === 'monitor' ? chosen.monitor : chosen.nodes[name]);
}

/** For the drills: a planned switchover through the monitor (answers when it is done). */
export async function switchover(): Promise<void> {
  await promisify(execFile)(PG_AUTOCTL, ['perform', 'switchover', '--pgdata', pgdata('monitor')], {
    ...autoctlOptions(),
    timeout: 120_000,
  });
}

/** One line per service of the profile, for `npm run services -- status`. */
export function haStatus(): string[] {
  return ['ha-monitor', ...HA_NODES.map((n) => `ha-${n}`), ...HA_FERRETDBS].map(describeService);
}
