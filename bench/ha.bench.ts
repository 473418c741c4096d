// `npm run bench -- ha` (issue 38): failover drills on the high-availability
// profile (scripts/ha-postgres.ts, scripts/ha-redis.ts) under the load of
// bench/load-harness.ts from 20 clients. Each drill runs on a stack of its own:
// 2 web processes and 2 workers spread over the two FerretDB processes, Redis
// through its Sentinels, a real SMTP listener. BENCH_HA picks some drills
// (comma-separated names below); BENCH_HA_MONGODB_URIS and BENCH_HA_REDIS_URL
// run them on another deployment (a MongoDB replica set: docs/high-availability.md),
// where only the drills that need no local process run.
//
// For each: the time from the fault until filings succeed again, the filings
// that failed meanwhile, 5xx other than 503, 503 without Retry-After or slower
// than 5 s, requests cut (no answer in 15 s: a hang), acknowledged writes lost,
// duplicate and missing mails, reminders missing after a reconcile, and /readyz
// of every web process during and after. The nodes are made whole again between
// drills (not measured).
import { loadConfig } from '../src/config.ts';
import { createJurisdictionCalendars } from '../src/jurisdictions/jurisdiction-calendars.ts';
import { loadJurisdictions } from '../src/jurisdictions/jurisdiction-registry.ts';
import '../src/models.ts';
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
import { auditDrill, auditFields, incidentLines } from './drill-audit.ts';
import { runTraffic, seed, sleep, startStack } from './load-harness.ts';

const CLIENTS = Number(process.env.BENCH_HA_CLIENTS ?? 20);
const config = loadConfig();
const external = Boolean(process.env.BENCH_HA_MONGODB_URIS);

interface Drill {
  name: string;
  /** Runs on a deployment that is not this machine's processes (only the traffic). */
  portable: boolean;
  before: number;
  lasts: number;
  after: number;
  /** Injects the fault; answers when writes count as stopped, and the repair (or none). */
  inject(): Promise<{ from?: number; repair?: () => Promise<void> }>;
}

async function primary(): Promise<HaNode> {
  const found = (await nodeStates()).find((n) => n.reported === 'primary');
  if (!found) throw new Error('no primary to drill on');
  return found.name;
}

const DRILLS: Drill[] = [
  {
    name: 'primary-sigkill',
    portable: false,
    before: 10,
    lasts: 40,
    after: 10,
    async inject() {
      // The whole node at once, keeper and PostgreSQL; not restarted during the run.
      signalNode(await primary(), 'SIGKILL');
      return {};
    },
  },
  {
    name: 'switchover',
    portable: false,
    before: 10,
    lasts: 20,
    after: 10,
    inject() {
      void switchover();
      return Promise.resolve({});
    },
  },
  {
    name: 'monitor-then-primary',
    portable: false,
    before: 10,
    lasts: 45,
    after: 15,
    async inject() {
      // The monitor goes; 10 s later the primary. No failover can come without the
      // monitor: an operator starts it again 15 s later (docs/runbook.md).
      const victim = await primary();
      signalNode('monitor', 'SIGKILL');
      await sleep(10_000);
      const from = Date.now();
      signalNode(victim, 'SIGKILL');
      setTimeout(() => void restartNode('monitor'), 15_000);
      return { from };
    },
  },
  {
    name: 'ferretdb-sigkill',
    portable: false,
    before: 10,
    lasts: 10,
    after: 20,
    inject() {
      signalGroup(readState('ha-ferretdb-1')!.pid, 'SIGKILL');
      // Its supervisor starts it again.
      return Promise.resolve({ repair: () => provisionHaDatabase().then(() => undefined) });
    },
  },
  {
    name: 'redis-master-sigkill',
    portable: false,
    before: 10,
    lasts: 30,
    after: 10,
    async inject() {
      const master = await currentMaster();
      if (!master) throw new Error('the Sentinels name no master');
      killRedisService(master.name);
      return {};
    },
  },
  {
    name: 'sentinel-sigkill',
    portable: false,
    before: 10,
    lasts: 20,
    after: 10,
    inject() {
      killRedisService('ha-sentinel-1');
      return Promise.resolve({});
    },
  },
  {
    name: 'primary-sigstop-20s',
    portable: false,
    before: 10,
    lasts: 20,
    after: 20,
    async inject() {
      const paused = await primary();
      signalNode(paused, 'SIGSTOP');
      return {
        repair: () => {
          signalNode(paused, 'SIGCONT');
          return Promise.resolve();
        },
      };
    },
  },
];

const wanted = (process.env.BENCH_HA ?? '').split(',').filter(Boolean);
const unknown = wanted.filter((name) => !DRILLS.some((d) => d.name === name));
if (unknown.length > 0) {
  console.error(
    `unknown drill(s) ${unknown.join(', ')}; known: ${DRILLS.map((d) => d.name).join(', ')}`,
  );
  process.exit(2);
}

/** The profile whole again: every node and process running, a primary and a standby. */
async function makeWhole(): Promise<{ engineUris: string[]; redisUrl: string }> {
  if (external)
    return {
      engineUris: process.env.BENCH_HA_MONGODB_URIS!.split(','),
      redisUrl: process.env.BENCH_HA_REDIS_URL ?? config.REDIS_URL,
    };
  const engineUris = await provisionHaDatabase();
  await waitHealthy(180);
  const redisUrl = await provisionHaRedis();
  // The Sentinels see a restarted node as a replica only after their next look at it.
  for (let i = 0; i < 60; i += 1) {
    const master = await currentMaster();
    if (master) break;
    await sleep(500);
  }
  return { engineUris, redisUrl };
}

const calendars = createJurisdictionCalendars(loadJurisdictions());
const summary: string[] = [];

for (const drill of DRILLS.filter(
  (d) => (wanted.length === 0 || wanted.includes(d.name)) && (!external || d.portable),
)) {
  const deployment = await makeWhole();
  const total = drill.before + drill.lasts + drill.after;
  console.log(
    `\n--- ${drill.name}: ${String(total)} s of load from ${String(CLIENTS)} clients, the fault at ${String(drill.before)} s`,
  );
  const dbName = `haqq_bench_ha_${drill.name.replace(/\W/g, '_')}`;
  const stack = await startStack(deployment.engineUris[0]!, dbName, {}, deployment);
  const seeded = await seed(500);
  const readiness: [number, string, number][] = [];
  let injectedAt = Number.NaN;
  let repaired = false;
  let outcome: { from?: number; repair?: () => Promise<void> } | undefined;
  const started = Date.now();
  const poll = setInterval(() => {
    for (const web of stack.webs)
      void fetch(`${web.base!}/readyz`, { signal: AbortSignal.timeout(1_000) }).then(
        (res) => readiness.push([Date.now(), web.name, res.status]),
        () => readiness.push([Date.now(), web.name, 0]),
      );
  }, 250);
  const traffic = await runTraffic(stack, seeded, {
    clients: CLIENTS,
    durationMs: total * 1000,
    onTick: async (elapsed) => {
      if (!outcome && elapsed >= drill.before * 1000) {
        injectedAt = Date.now();
        outcome = { from: injectedAt };
        const injected = await drill.inject();
        outcome = { from: injected.from ?? injectedAt, repair: injected.repair };
        console.log(`${drill.name}: injected at ${((injectedAt - started) / 1000).toFixed(1)} s`);
      } else if (outcome?.repair && !repaired && elapsed >= (drill.before + drill.lasts) * 1000) {
        repaired = true;
        await outcome.repair();
        console.log(`${drill.name}: repaired at ${((Date.now() - started) / 1000).toFixed(1)} s`);
      }
    },
  });
  clearInterval(poll);
  const from = outcome?.from ?? injectedAt;
  // Filings that failed from the fault on; writes are back with the first 201 after the last.
  const failed = traffic.failedFilingAt.filter((at) => at >= from);
  const lastFailure = failed.at(-1);
  const backAt = lastFailure === undefined ? from : traffic.filedAt.find((at) => at > lastFailure);
  const writesBack = backAt === undefined ? 'never' : `${((backAt - from) / 1000).toFixed(1)} s`;
  const unready = new Set(
    readiness.filter(([at, , status]) => at >= from && status !== 200).map(([, web]) => web),
  );
  const endReady = stack.webs.map(
    (web) => readiness.filter(([, name]) => name === web.name).at(-1)?.[2] ?? 0,
  );
  const audit = await auditDrill(stack, traffic, calendars, drill.name);
  const line = [
    drill.name.padEnd(21),
    `writes back ${writesBack} (${String(failed.length)} filings failed)`,
    `filed ${String(traffic.filed.length)}, acted ${String(traffic.acted.length)}`,
    ...auditFields(traffic, audit),
    `readyz: 503 on ${unready.size > 0 ? [...unready].sort().join(', ') : 'none'} during, ${endReady.join('/')} at the end`,
  ].join(' | ');
  console.log(line);
  for (const detail of incidentLines(traffic)) console.log(detail);
  summary.push(line);
  await stack.stop();
}
if (!external) await makeWhole();
console.log('\nha drills:');
for (const line of summary) console.log(line);
process.exit(0);
