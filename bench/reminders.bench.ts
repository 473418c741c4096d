// The reminders benchmark: schedule the reminders of 100,000 open requests (five delayed jobs
// each) beside a raw BullMQ addBulk of as many jobs in the same run; then drain 10,000
// due reminders through two worker processes (jobs/worker.ts) into an SMTP listener,
// counting reminder jobs per second, mails per second and the workers' peak RSS.
import { performance } from 'node:perf_hooks';
import { Queue } from 'bullmq';
import { connectRedis } from '../src/platform/redis.ts';
import mongoose from 'mongoose';
import { loadConfig } from '../src/config.ts';
import { startMailCatcher } from '../src/dev/mail-catcher.ts';
import { createJurisdictionCalendars } from '../src/jurisdictions/jurisdiction-calendars.ts';
import { loadJurisdictions } from '../src/jurisdictions/jurisdiction-registry.ts';
import '../src/models.ts';
import { closeQueues, createQueues } from '../src/platform/queues.ts';
import { DEFAULT_REMINDER_SETTINGS } from '../src/reminders/reminder-plan.ts';
import { addReminderJobs, remindersOf } from '../src/reminders/reminder-scheduler.ts';
import { RequestModel } from '../src/requests/request-model.ts';
import { UserModel } from '../src/users/user-model.ts';
import {
  childPeakRssMb,
  openBenchDatabase,
  row,
  seedBenchAgencies,
  seedRequests,
  startWorkerProcess,
} from './bench-support.ts';

const OPEN = Number(process.env.BENCH_OPEN ?? 100_000);
const DUE = Number(process.env.BENCH_DUE ?? 10_000);
const AGENCIES = 50;
const DAY = 86_400_000;

const config = loadConfig();
const uri = await openBenchDatabase(config.MONGODB_URI, 'haqq_bench_reminders');
const prefix = `benchrem${String(Date.now())}`;
const agencies = await seedBenchAgencies('R', AGENCIES);
// One officer per agency: each due reminder of the handlers' kinds is one mail.
await UserModel.insertMany(
  agencies.map((agency, i) => ({
    email: `officer${String(i)}@bench.example.org`,
    name: `Officer ${String(i)}`,
    passwordHash: 'x',
    roles: ['officer'],
    agency,
    locale: i % 2 ? 'en' : 'ar',
  })),
);

// --- scheduling: 100,000 open requests due in the coming weeks
await seedRequests(OPEN, {
  agencies,
  requesters: [],
  statuses: ['submitted', 'acknowledged'],
  dueAt: (receivedAt) => new Date(Date.now() + 10 * DAY + (receivedAt.getTime() % (30 * DAY))),
});
const calendars = createJurisdictionCalendars(loadJurisdictions());
const queues = createQueues({ url: config.REDIS_URL }, prefix);
const now = new Date();
let scheduled = 0;
let started = performance.now();
let pending: { id: string; plan: ReturnType<typeof remindersOf> }[] = [];
const cursor = RequestModel.find({}, { jurisdiction: 1, rulesVersion: 1, status: 1, dueAt: 1 })
  .lean()
  .cursor();
// 200 requests' jobs at a time, each request's five in one addBulk (as the worker does).
const flush = async () => {
  await Promise.all(pending.map(({ id, plan }) => addReminderJobs(queues, id, plan, now)));
  pending = [];
};
for await (const request of cursor) {
  const plan = remindersOf(calendars, request, DEFAULT_REMINDER_SETTINGS);
  pending.push({ id: request._id.toString(), plan });
  scheduled += plan.length;
  if (pending.length >= 200) await flush();
}
await flush();
const scheduleRate = scheduled / ((performance.now() - started) / 1000);

const raw = new Queue('raw-bench', { connection: { url: config.REDIS_URL }, prefix });
started = performance.now();
for (let i = 0; i < scheduled; i += 1_000)
  await raw.addBulk(
    Array.from({ length: Math.min(1_000, scheduled - i) }, (_, j) => ({
      name: 'raw',
      data: { i: i + j },
      opts: { jobId: `raw_${String(i + j)}`, delay: DAY },
    })),
  );
const rawRate = scheduled / ((performance.now() - started) / 1000);

// --- draining: 10,000 due reminders (2,000 overdue requests × 5) through two workers
await RequestModel.collection.drop();
await RequestModel.createIndexes();
const redis = connectRedis(config.REDIS_URL);
const clear = async (match: string) => {
  let at = '0';
  do {
    const [next, keys] = await redis.scan(at, 'MATCH', match, 'COUNT', 5_000);
    at = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (at !== '0');
};
await clear(`${prefix}*`);
const overdue = DUE / 5;
await seedRequests(overdue, {
  agencies,
  requesters: [],
  statuses: ['acknowledged'],
  dueAt: () => new Date(Date.now() - 20 * DAY),
  refYear: 2024,
});
const mailbox = await startMailCatcher();
const startWorker = () => startWorkerProcess(uri, prefix, mailbox.url);
const workers = [await startWorker(), await startWorker()];
const drainStarted = performance.now();
const requests = await RequestModel.find(
  {},
  { jurisdiction: 1, rulesVersion: 1, status: 1, dueAt: 1 },
).lean();
for (const request of requests)
  await addReminderJobs(
    queues,
    request._id.toString(),
    remindersOf(calendars, request, DEFAULT_REMINDER_SETTINGS),
    new Date(),
  );
// Handlers' kinds (due-soon, due-today, overdue) reach the one officer: three mails a request.
const expectedMails = overdue * 3;
const limit = Date.now() + 15 * 60_000;
while (mailbox.messages().length < expectedMails && Date.now() < limit)
  await new Promise((resolve) => setTimeout(resolve, 200));
const drainSeconds = (performance.now() - drainStarted) / 1000;
const peak = workers.map(childPeakRssMb);

console.log(row(`reminder jobs scheduled (${String(OPEN)} open requests)`, scheduled, 'jobs', 0));
console.log(row('scheduling (plan + addBulk)', scheduleRate, 'jobs/s', 0));
console.log(row('raw BullMQ addBulk, same number of jobs', rawRate, 'jobs/s', 0));
console.log(row('ratio scheduling / raw addBulk', scheduleRate / rawRate, '×', 2));
console.log(row('due reminders drained by two workers', DUE, 'jobs', 0));
console.log(row('drain time (add, fire, fan out, send)', drainSeconds, 's'));
console.log(row('reminder jobs drained', DUE / drainSeconds, 'jobs/s', 0));
console.log(row('mails delivered to the SMTP listener', mailbox.messages().length, 'mails', 0));
console.log(row('mails', mailbox.messages().length / drainSeconds, 'mails/s', 0));
console.log(row('worker 1 peak RSS', peak[0] ?? Number.NaN, 'MB'));
console.log(row('worker 2 peak RSS', peak[1] ?? Number.NaN, 'MB'));

for (const worker of workers) worker.kill('SIGTERM');
await Promise.all(workers.map((w) => new Promise((resolve) => w.once('exit', resolve))));
await raw.close();
await closeQueues(queues);
await clear(`${prefix}*`);
await redis.quit();
await mailbox.close();
await mongoose.connection.dropDatabase();
await mongoose.disconnect();
