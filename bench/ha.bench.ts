// `npm run bench -- ha` (issue 38): failover drills under the load of
// bench/load-harness.ts from 20 clients, on the high-availability profile of this
// machine (scripts/ha-postgres.ts, scripts/ha-redis.ts) or, with
// BENCH_HA_TARGET=compose, on the MongoDB replica set of deploy/compose.drills.yaml
// (bench/ha-targets.ts). Each drill runs on a stack of its own: 2 web processes and
// 2 workers (spread over the two FerretDB), Redis through its Sentinels, a real SMTP
// listener. BENCH_HA picks some drills (comma-separated names below).
//
// For each: the time from the fault until filings succeed again, the filings
// that failed meanwhile, 5xx other than 503, 503 without Retry-After or slower
// than 5 s, requests cut (no answer in 15 s: a hang), acknowledged writes lost,
// duplicate and missing mails, reminders missing after a reconcile, and /readyz
// of every web process during and after. Everything is made whole again between
// drills (not measured).
import { createJurisdictionCalendars } from '../src/jurisdictions/jurisdiction-calendars.ts';
import { loadJurisdictions } from '../src/jurisdictions/jurisdiction-registry.ts';
import '../src/models.ts';
import { auditDrill, auditFields, incidentLines, namedInEnv } from './drill-audit.ts';
import { composeTarget, localTarget, type HaTarget } from './ha-targets.ts';
import { runTraffic, seed, startStack } from './load-harness.ts';

const CLIENTS = Number(process.env.BENCH_HA_CLIENTS ?? 20);
const target: HaTarget = process.env.BENCH_HA_TARGET === 'compose' ? composeTarget : localTarget;

interface Drill {
  name: string;
  before: number;
  lasts: number;
  after: number;
  /**
   * Injects the fault (undefined: the target cannot have it); answers from when writes
   * count as stopped (the injection by default) and the repair at `before + lasts`, if any.
   */
  inject?: () => Promise<{ from?: number; repair?: () => Promise<void> }>;
}

const MONITOR_FIRST_MS = 10_000;
const MONITOR_BACK_MS = 15_000;

const DRILLS: Drill[] = [
  {
    name: 'primary-sigkill',
    before: 10,
    lasts: 40,
    after: 10,
    inject: () => target.killPrimary().then(() => ({})),
  },
  {
    name: 'switchover',
    before: 10,
    lasts: 20,
    after: 10,
    inject: () => target.switchover().then(() => ({})),
  },
  {
    // The monitor goes; 10 s later the primary. No failover can come without the
    // monitor: an operator starts it again 15 s later (docs/runbook.md).
    name: 'monitor-then-primary',
    before: 10,
    lasts: 45,
    after: 15,
    inject: target.killMonitorThenPrimary
      ? async () => ({
          from: await target.killMonitorThenPrimary!(MONITOR_FIRST_MS, MONITOR_BACK_MS),
        })
      : undefined,
  },
  {
    name: 'ferretdb-sigkill',
    before: 10,
    lasts: 10,
    after: 20,
    inject: target.killFerretDB
      ? async () => ({ repair: await target.killFerretDB!() })
      : undefined,
  },
  {
    name: 'redis-master-sigkill',
    before: 10,
    lasts: 30,
    after: 10,
    inject: () => target.killRedisMaster().then(() => ({})),
  },
  {
    name: 'sentinel-sigkill',
    before: 10,
    lasts: 20,
    after: 10,
    inject: () => target.killSentinel().then(() => ({})),
  },
  {
    name: 'primary-sigstop-20s',
    before: 10,
    lasts: 20,
    after: 20,
    inject: async () => ({ repair: await target.pausePrimary() }),
  },
];

const chosen = namedInEnv('BENCH_HA', DRILLS);
console.log(`drills on ${target.name}`);

const calendars = createJurisdictionCalendars(loadJurisdictions());
const summary: string[] = [];

for (const drill of chosen) {
  const inject = drill.inject;
  if (!inject) {
    console.log(`\n--- ${drill.name}: skipped (not a fault of ${target.name})`);
    continue;
  }
  const deployment = await target.makeWhole();
  const total = drill.before + drill.lasts + drill.after;
  console.log(
    `\n--- ${drill.name}: ${String(total)} s of load from ${String(CLIENTS)} clients, the fault at ${String(drill.before)} s`,
  );
  const dbName = `haqq_bench_ha_${drill.name.replace(/\W/g, '_')}`;
  const stack = await startStack(deployment.engineUris[0]!, dbName, {}, deployment);
  const seeded = await seed(500);
  let injectedAt = Number.NaN;
  let repaired = false;
  let outcome: { from?: number; repair?: () => Promise<void> } | undefined;
  const started = Date.now();
  const traffic = await runTraffic(stack, seeded, {
    clients: CLIENTS,
    durationMs: total * 1000,
    onTick: async (elapsed) => {
      if (!outcome && elapsed >= drill.before * 1000) {
        injectedAt = Date.now();
        outcome = { from: injectedAt };
        const injected = await inject();
        outcome = { from: injected.from ?? injectedAt, repair: injected.repair };
        console.log(`${drill.name}: injected at ${((injectedAt - started) / 1000).toFixed(1)} s`);
      } else if (outcome?.repair && !repaired && elapsed >= (drill.before + drill.lasts) * 1000) {
        repaired = true;
        await outcome.repair();
        console.log(`${drill.name}: repaired at ${((Date.now() - started) / 1000).toFixed(1)} s`);
      }
    },
  });
  const { readiness } = traffic;
  const from = outcome?.from ?? injectedAt;
  // Filings that failed from the fault on; writes are back with the first 201 after the last.
  const failed = traffic.failedFilingAt.filter((at) => at >= from);
  const lastFailure = failed.at(-1);
  const backAt = lastFailure === undefined ? from : traffic.filedAt.find((at) => at > lastFailure);
  const writesBack = backAt === undefined ? 'never' : `${((backAt - from) / 1000).toFixed(1)} s`;
  // A fault in two steps (the monitor, then the primary): what failed between them.
  const earlier = traffic.failedFilingAt.filter((at) => at >= injectedAt && at < from).length;
  const unready = new Set(
    readiness.filter(([at, , status]) => at >= from && status !== 200).map(([, web]) => web),
  );
  const endReady = stack.webs.map(
    (web) => readiness.filter(([, name]) => name === web.name).at(-1)?.[2] ?? 0,
  );
  const audit = await auditDrill(stack, traffic, calendars, drill.name);
  const line = [
    drill.name.padEnd(21),
    `writes back ${writesBack} (${String(failed.length)} filings failed${from > injectedAt ? `; ${String(earlier)} before, in the first step` : ''})`,
    `filed ${String(traffic.filed.length)}, acted ${String(traffic.acted.length)}`,
    ...auditFields(traffic, audit),
    `readyz: 503 on ${unready.size > 0 ? [...unready].sort().join(', ') : 'none'} during, ${endReady.join('/')} at the end`,
  ].join(' | ');
  console.log(line);
  for (const detail of incidentLines(traffic)) console.log(detail);
  summary.push(line);
  await stack.stop();
}
await target.makeWhole();
console.log('\nha drills:');
for (const line of summary) console.log(line);
process.exit(0);
