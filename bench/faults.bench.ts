// `npm run bench -- faults` (issue 20): faults injected while the load of
// bench/load-harness.ts runs, each in its own bounded run on a stack of its own
// (2 web processes, 2 workers, a redis-server of its own, the local engine, a
// real SMTP listener). BENCH_FAULTS picks some (comma-separated names below).
// After each: lost acknowledged writes (a 201 filing or a 200 action whose
// request or event is missing), 5xx other than 503, 503 without Retry-After or
// slower than 5 s, requests cut, duplicate and missing mails, missing reminders
// (after a reconcile), whether /readyz said 503 during the fault and 200 after
// without a restart, and the time to recover.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import { connectRedis } from '../src/platform/redis.ts';
import { loadConfig } from '../src/config.ts';
import { createJurisdictionCalendars } from '../src/jurisdictions/jurisdiction-calendars.ts';
import { loadJurisdictions } from '../src/jurisdictions/jurisdiction-registry.ts';
import '../src/models.ts';
import { stopPostgresForDrill } from '../scripts/engine.ts';
import { auditDrill, auditFields, incidentLines, namedInEnv } from './drill-audit.ts';
import { runTraffic, seed, sleep, startStack, type Stack } from './load-harness.ts';

const CLIENTS = Number(process.env.BENCH_FAULT_CLIENTS ?? 20);
const config = loadConfig();

interface Fault {
  name: string;
  /** Whether /readyz must say 503 while it lasts (a dependency is down). */
  dependency: boolean;
  /** Seconds of traffic before the fault, of the fault, and after the repair. */
  before: number;
  lasts: number;
  after: number;
  inject(stack: Stack): Promise<() => Promise<void>> | (() => Promise<void>);
}

const ferretPid = () =>
  (JSON.parse(readFileSync('.run/ferretdb.json', 'utf8')) as { pid: number }).pid;

const FAULTS: Fault[] = [
  {
    name: 'ferretdb-kill',
    dependency: true,
    before: 10,
    lasts: 10,
    after: 20,
    inject() {
      process.kill(ferretPid(), 'SIGKILL');
      // Not execFileSync: the clients share this process, and a blocked event loop would
      // time every answer that arrives meanwhile as seconds late.
      return async () => {
        await promisify(execFile)('sh', ['scripts/services.sh', 'up']);
      };
    },
  },
  {
    name: 'postgres-stop',
    dependency: true,
    before: 10,
    lasts: 10,
    after: 20,
    inject() {
      const stopped = stopPostgresForDrill();
      return () => stopped.start();
    },
  },
  {
    name: 'redis-restart',
    dependency: true,
    before: 10,
    lasts: 5,
    after: 20,
    async inject(stack) {
      const stopped = await stack.stopRedis();
      return () => stopped.start();
    },
  },
  {
    name: 'redis-flushall',
    dependency: false,
    before: 10,
    lasts: 0,
    after: 25,
    async inject(stack) {
      const redis = connectRedis(stack.redisUrl);
      await redis.flushall();
      await redis.quit();
      return () => Promise.resolve();
    },
  },
  {
    name: 'worker-sigkill',
    dependency: false,
    before: 10,
    lasts: 5,
    after: 20,
    inject(stack) {
      const victim = stack.workers.shift()!;
      victim.child.kill('SIGKILL');
      // A supervisor (compose's restart policy, systemd) starts it again.
      return async () => {
        stack.workers.push(await stack.startWorker(`${victim.name}'`));
      };
    },
  },
  {
    name: 'smtp-refusing-1-min',
    dependency: false,
    before: 10,
    lasts: 60,
    after: 20,
    async inject(stack) {
      await stack.mail.catcher.close();
      return () => stack.reopenMail();
    },
  },
  {
    name: 'web-sigterm',
    dependency: false,
    before: 10,
    lasts: 10,
    after: 10,
    inject(stack) {
      const victim = stack.webs[0]!;
      victim.child.kill('SIGTERM');
      return async () => {
        await new Promise((resolve) => {
          if (victim.child.exitCode !== null) resolve(undefined);
          else victim.child.once('exit', resolve);
        });
        stack.webs.splice(stack.webs.indexOf(victim), 1, await stack.startWeb(`${victim.name}'`));
      };
    },
  },
];

const chosen = namedInEnv('BENCH_FAULTS', FAULTS);
const calendars = createJurisdictionCalendars(loadJurisdictions());
const summary: string[] = [];

for (const fault of chosen) {
  const total = fault.before + fault.lasts + fault.after;
  console.log(
    `\n--- ${fault.name}: ${String(total)} s of load from ${String(CLIENTS)} clients, the fault at ${String(fault.before)} s for ${String(fault.lasts)} s`,
  );
  const stack = await startStack(
    config.MONGODB_URI,
    `haqq_bench_fault_${fault.name.replace(/\W/g, '_')}`,
  );
  const seeded = await seed(500);
  let repairedAt = Number.NaN;
  let injectedAt = Number.NaN;
  let repair: (() => Promise<void>) | undefined;
  const started = Date.now();
  const traffic = await runTraffic(stack, seeded, {
    clients: CLIENTS,
    durationMs: total * 1000,
    onTick: async (elapsed) => {
      if (!repair && elapsed >= fault.before * 1000) {
        injectedAt = Date.now() - started;
        repair = await fault.inject(stack);
        console.log(`${fault.name}: injected at ${(injectedAt / 1000).toFixed(1)} s`);
      } else if (
        repair &&
        Number.isNaN(repairedAt) &&
        elapsed >= (fault.before + fault.lasts) * 1000
      ) {
        repairedAt = -1;
        await repair();
        repairedAt = Date.now() - started;
        console.log(`${fault.name}: repaired at ${(repairedAt / 1000).toFixed(1)} s`);
      }
    },
  });
  // Every web ready again, measured from the repair.
  let recoveredAt = Number.NaN;
  for (let i = 0; i < 240 && Number.isNaN(recoveredAt); i += 1) {
    const states = await Promise.all(
      stack.webs.map((web) =>
        fetch(`${web.base!}/readyz`, { signal: AbortSignal.timeout(1_000) }).then(
          (res) => res.status,
          () => 0,
        ),
      ),
    );
    if (states.every((s) => s === 200)) recoveredAt = Date.now() - started;
    else await sleep(250);
  }
  // /readyz of every web process as the balancer saw it: ms since the start.
  const readiness = traffic.readiness.map(
    ([at, web, status]) => [at - started, web, status] as const,
  );
  const readyAgain = readiness.find(([at, , status]) => at >= repairedAt && status === 200);
  const sawUnready = readiness.some(
    ([at, , status]) => at >= injectedAt && at <= repairedAt && status !== 200,
  );

  const audit = await auditDrill(stack, traffic, calendars, fault.name);
  const ready = Number.isNaN(repairedAt)
    ? 'n/a'
    : `${(((readyAgain?.[0] ?? recoveredAt) - repairedAt) / 1000).toFixed(1)} s`;
  const firstFiling = traffic.filedAt.find((at) => at - started >= repairedAt);
  const writing =
    firstFiling === undefined
      ? 'none'
      : `${((firstFiling - started - repairedAt) / 1000).toFixed(1)} s`;
  const line = [
    fault.name.padEnd(20),
    `filed ${String(traffic.filed.length)}, acted ${String(traffic.acted.length)}`,
    ...auditFields(traffic, audit),
    `readyz ${fault.dependency ? (sawUnready ? '503 during, ' : 'NEVER 503 during, ') : ''}200 again ${ready} after the repair, first filing ${writing} after`,
  ].join(' | ');
  console.log(line);
  for (const detail of incidentLines(traffic)) console.log(detail);
  summary.push(line);
  await stack.stop();
}
console.log('\nfaults:');
for (const line of summary) console.log(line);
process.exit(0);
