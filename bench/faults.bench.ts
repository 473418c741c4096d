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
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { loadConfig } from '../src/config.ts';
import { createJurisdictionCalendars } from '../src/jurisdictions/jurisdiction-calendars.ts';
import { loadJurisdictions } from '../src/jurisdictions/jurisdiction-registry.ts';
import '../src/models.ts';
import { DEFAULT_REMINDER_SETTINGS, reminderJobId } from '../src/reminders/reminder-plan.ts';
import { RECONCILE_JOB, remindersOf } from '../src/reminders/reminder-scheduler.ts';
import { RequestEventModel } from '../src/requests/request-event-model.ts';
import { RequestModel } from '../src/requests/request-model.ts';
import { closeQueues, createQueues } from '../src/platform/queues.ts';
import { stopPostgresForDrill } from '../scripts/engine.ts';
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
      const redis = new Redis(stack.redisUrl);
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

const wanted = (process.env.BENCH_FAULTS ?? '').split(',').filter(Boolean);
const unknown = wanted.filter((name) => !FAULTS.some((f) => f.name === name));
if (unknown.length > 0) {
  console.error(
    `unknown fault(s) ${unknown.join(', ')}; known: ${FAULTS.map((f) => f.name).join(', ')}`,
  );
  process.exit(2);
}
const calendars = createJurisdictionCalendars(loadJurisdictions());
const summary: string[] = [];

for (const fault of FAULTS.filter((f) => wanted.length === 0 || wanted.includes(f.name))) {
  const total = fault.before + fault.lasts + fault.after;
  console.log(
    `\n--- ${fault.name}: ${String(total)} s of load from ${String(CLIENTS)} clients, the fault at ${String(fault.before)} s for ${String(fault.lasts)} s`,
  );
  const stack = await startStack(
    config.MONGODB_URI,
    `haqq_bench_fault_${fault.name.replace(/\W/g, '_')}`,
  );
  const seeded = await seed(500);
  // /readyz of every web process, every 250 ms: [ms since start, web, status].
  const readiness: [number, string, number][] = [];
  let repairedAt = Number.NaN;
  let injectedAt = Number.NaN;
  let repair: (() => Promise<void>) | undefined;
  const started = Date.now();
  const poll = setInterval(() => {
    for (const web of stack.webs)
      void fetch(`${web.base!}/readyz`, { signal: AbortSignal.timeout(1_000) }).then(
        (res) => readiness.push([Date.now() - started, web.name, res.status]),
        () => readiness.push([Date.now() - started, web.name, 0]),
      );
  }, 250);
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
  clearInterval(poll);
  const readyAgain = readiness.find(([at, , status]) => at >= repairedAt && status === 200);
  const sawUnready = readiness.some(
    ([at, , status]) => at >= injectedAt && at <= repairedAt && status !== 200,
  );

  // Reconcile, as a worker does every RECONCILE_EVERY_MS, then wait for the queues.
  const connection = new Redis(stack.redisUrl, { maxRetriesPerRequest: null });
  const queues = createQueues(connection, stack.prefix);
  const { deadlines } = queues;
  await RECONCILE_JOB.add(queues, {}, { jobId: `reconcile-after-${fault.name}` });
  const drainStarted = Date.now();
  for (;;) {
    let busy = 0;
    for (const queue of Object.values(queues)) {
      const counts = await queue.getJobCounts('active', 'waiting', 'prioritized');
      busy += (counts.active ?? 0) + (counts.waiting ?? 0) + (counts.prioritized ?? 0);
    }
    if (busy === 0 || Date.now() - drainStarted > 180_000) break;
    await sleep(500);
  }
  // Mail retries wait out their backoff: give the ones failed during the fault their next try.
  for (let i = 0; i < 120; i += 1) {
    const delayedMail = (await queues.mail.getJobCounts('delayed')).delayed ?? 0;
    if (delayedMail === 0) break;
    await sleep(1_000);
  }

  // Lost acknowledged writes.
  const filedFound = new Set(
    (
      await RequestModel.find({ ref: mongoose.trusted({ $in: traffic.filed }) }, { ref: 1 }).lean()
    ).map((r) => r.ref),
  );
  const lostFilings = traffic.filed.filter((ref) => !filedFound.has(ref));
  const byRef = new Map(
    (await RequestModel.find({ ref: mongoose.trusted({ $in: traffic.filed }) }).lean()).map((r) => [
      r.ref,
      r,
    ]),
  );
  let lostActions = 0;
  for (const entry of traffic.acted) {
    const [ref, action] = entry.split(' ') as [string, string];
    const request = byRef.get(ref);
    const type = action === 'acknowledge' ? 'acknowledged' : 'answered';
    if (!request || !(await RequestEventModel.exists({ requestId: request._id, type })))
      lostActions += 1;
  }
  // Mails: each acknowledged filing owes its requester a "filed" mail; none twice.
  const mails = stack.mail.all();
  const ids = new Map<string, number>();
  for (const { messageId } of mails)
    if (messageId) ids.set(messageId, (ids.get(messageId) ?? 0) + 1);
  const duplicates = [...ids.values()].filter((n) => n > 1).reduce((sum, n) => sum + n - 1, 0);
  const subjects = mails.map((m) => m.subject);
  const missingMail = traffic.filed.filter(
    (ref) => subjects.filter((subject) => subject.includes(ref)).length < 2,
  ).length;
  // Reminders: every open request filed in the run has its plan's jobs.
  const jobIds = new Set(
    (await deadlines.getJobs(['delayed', 'waiting', 'active', 'completed'])).map((j) => j.id),
  );
  let missingReminders = 0;
  let expectedReminders = 0;
  const now = Date.now();
  for (const request of byRef.values()) {
    for (const reminder of remindersOf(calendars, request, DEFAULT_REMINDER_SETTINGS)) {
      if (reminder.at.getTime() <= now) continue;
      expectedReminders += 1;
      if (!jobIds.has(reminderJobId(request._id.toString(), reminder))) missingReminders += 1;
    }
  }
  await closeQueues(queues);
  await connection.quit();

  const statuses = [...traffic.routes.values()].flatMap((r) => [...r.statuses]);
  const count = (status: number | string) =>
    statuses.filter(([s]) => s === status).reduce((sum, [, n]) => sum + n, 0);
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
    `lost writes ${String(lostFilings.length + lostActions)}`,
    `5xx ${String(traffic.fiveHundreds)}`,
    `503 ${String(count(503))} (bad ${String(traffic.badUnavailable.length)})`,
    `cut ${String(traffic.cuts.length)}`,
    `signed out ${String(traffic.signedOut)}`,
    `mails ${String(mails.length)}: duplicates ${String(duplicates)}, filings missing a mail ${String(missingMail)}`,
    `reminders missing ${String(missingReminders)} of ${String(expectedReminders)}`,
    `readyz ${fault.dependency ? (sawUnready ? '503 during, ' : 'NEVER 503 during, ') : ''}200 again ${ready} after the repair, first filing ${writing} after`,
  ].join(' | ');
  console.log(line);
  for (const [route, stats] of traffic.routes)
    for (const [status, n] of stats.statuses)
      if (typeof status !== 'number' || (status >= 500 && status !== 503))
        console.log(`  ${route}: ${String(status)} ×${String(n)}`);
  for (const [what, incidents] of [
    ['cut', traffic.cuts],
    ['bad 503', traffic.badUnavailable],
  ] as const)
    for (const incident of incidents)
      console.log(
        `  ${what}: ${incident.route} on ${incident.base} at ${(incident.atMs / 1000).toFixed(1)} s, after ${incident.ms.toFixed(0)} ms: ${incident.error}`,
      );
  summary.push(line);
  await stack.stop();
}
console.log('\nfaults:');
for (const line of summary) console.log(line);
process.exit(0);
