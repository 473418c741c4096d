// Every query of the inbox, the lists, the statistics and the jobs, explained on
// the engine at 100,000 requests: the app runs in this process with
// the driver's command monitoring on, a tour of its pages and API calls as each
// role records every read it sends, and each distinct read is explained. The
// jobs' reads (reconcile, digest, deadline recomputation, rollup) are explained
// from the filters the code itself builds. Fails when a read of a collection of
// 10,000 documents or more is not served by an index.
import { randomBytes } from 'node:crypto';
import mongoose, { Types } from 'mongoose';
import request from 'supertest';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createJurisdictionCalendars } from '../src/jurisdictions/jurisdiction-calendars.ts';
import { loadJurisdictions } from '../src/jurisdictions/jurisdiction-registry.ts';
import { addDays, wallClock } from '../src/time/local-date.ts';
import { createLogger } from '../src/platform/logger.ts';
import { ensureIndexes } from '../src/platform/mongo.ts';
import { closeRedis, createRedis } from '../src/platform/redis.ts';
import { digestFilter, openRequestsOf, reconcileFilter } from '../src/requests/request-reads.ts';
import '../src/models.ts';
import { RequestModel } from '../src/requests/request-model.ts';
import { rebuildAllRollups } from '../src/stats/rollup-rebuild.ts';
import { rebuildAgencyDay } from '../src/stats/rollup-store.ts';
import { rebuildEventDay } from '../src/stats/event-rollup-store.ts';
import { refreshStints } from '../src/stats/stint-store.ts';
import { hashPassword } from '../src/users/password.ts';
import { UserModel, type Role } from '../src/users/user-model.ts';
import { withDatabase } from '../test/support/test-env.ts';
import { seedBenchAgencies, seedRequests } from './bench-support.ts';
import { planScans, type PlanScans } from './query-plan.ts';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100_000);
const LARGE = 10_000;
const PASSWORD = 'bench password that is long enough';
const DAY = 86_400_000;

const config = loadConfig();
const uri = withDatabase(config.MONGODB_URI, 'haqq_bench_plans');
await mongoose.connect(uri, { monitorCommands: true });
await mongoose.connection.dropDatabase();
await ensureIndexes();

// --- data: Jordan and Tunisia, 25 agencies each, a year of requests in every status
const jordan = await seedBenchAgencies('P', 25);
const tunisia = await seedBenchAgencies('P', 25, 'TN');
const hash = await hashPassword(PASSWORD);
const user = (role: Role, extra: Record<string, unknown> = {}) => ({
  email: `${role}-${randomBytes(4).toString('hex')}@bench.example.org`,
  name: role,
  passwordHash: hash,
  roles: [role],
  emailVerifiedAt: new Date(),
  ...extra,
});
const [citizen, officer, agencyAdmin, auditor, admin] = await UserModel.insertMany([
  user('citizen'),
  user('officer', { agency: jordan[0] }),
  user('agency_admin', { agency: jordan[0] }),
  user('auditor', { jurisdiction: 'JO' }),
  user('admin'),
]);
if (!citizen || !officer || !agencyAdmin || !auditor || !admin) throw new Error('no users');
const citizens = [citizen._id, ...Array.from({ length: 499 }, () => new Types.ObjectId())];
const statuses = ['submitted', 'acknowledged', 'awaiting_clarification', 'answered', 'closed'];
const dueAt = (receivedAt: Date) => new Date(receivedAt.getTime() + 21 * DAY);
const spread = { requesters: citizens, statuses, dueAt, spanDays: 365, refYear: 2026 };
console.log(`seeding ${String(REQUESTS)} requests …`);
await seedRequests(Math.round(REQUESTS * 0.6), { ...spread, agencies: jordan });
await seedRequests(Math.round(REQUESTS * 0.4), {
  ...spread,
  agencies: tunisia,
  jurisdiction: 'TN',
});
await RequestModel.collection.updateMany(
  { agency: jordan[0], status: 'acknowledged' },
  { $set: { assignee: officer._id } },
);
const calendars = createJurisdictionCalendars(loadJurisdictions());
await rebuildAllRollups(calendars, new Date());

// --- record every read the app sends
interface Read {
  collection: string;
  command: Record<string, unknown>;
  from: string;
}
const reads = new Map<string, Read>();
let from = '';
const READS = new Set(['find', 'aggregate', 'count', 'distinct']);
const client = mongoose.connection.getClient();
const record = (event: { commandName: string; command: Record<string, unknown> }) => {
  if (!READS.has(event.commandName)) return;
  const collection = String(event.command[event.commandName]);
  const command = Object.fromEntries(
    Object.entries(event.command).filter(([key]) => !['lsid', '$clusterTime', '$db'].includes(key)),
  );
  // One entry per collection and shape: the same keys and operators, whatever the values.
  const shape = JSON.stringify(command, (_key, value: unknown) =>
    typeof value === 'object' && value !== null ? value : typeof value,
  );
  if (!reads.has(`${collection} ${shape}`))
    reads.set(`${collection} ${shape}`, { collection, command, from });
};
client.on('commandStarted', record);

const logger = createLogger({ ...config, LOG_LEVEL: 'silent' }, 'bench-plans');
const redis = createRedis(config.REDIS_URL, logger);
const appConfig = loadConfig({
  ...process.env,
  MONGODB_URI: uri,
  REDIS_PREFIX: `bench-plans-${String(Date.now())}`,
  LOG_LEVEL: 'silent',
});
const app = createApp({ config: appConfig, logger, redis, jurisdictions: loadJurisdictions() });

async function as(email: string | undefined, paths: string[]) {
  const agent = request.agent(app);
  if (email) await agent.post('/api/v1/session').send({ email, password: PASSWORD }).expect(200);
  for (const path of paths) {
    from = `${email?.split('-')[0] ?? 'visitor'} GET ${path}`;
    const res = await agent
      .get(path)
      .set('accept', path.startsWith('/api') ? 'application/json' : 'text/html');
    if (res.status >= 400) throw new Error(`${from}: ${String(res.status)}`);
  }
}

const today = wallClock(new Date(), 'Asia/Amman').date;
const year = `from=${addDays(today, -364)}&to=${today}`;
// 365 days that start and end inside a month: monthly sums and day rollups both.
const unaligned = `from=${addDays(today, -380)}&to=${addDays(today, -16)}`;
const someRef = (await RequestModel.findOne({ agency: jordan[0] }, { ref: 1 }).lean())?.ref ?? '';
const inbox = [
  '/api/v1/requests',
  '/api/v1/requests?status=submitted',
  '/api/v1/requests?due=soon',
  '/api/v1/requests?due=overdue',
  '/api/v1/requests?assignee=me',
  '/api/v1/requests?assignee=none',
  '/api/v1/requests/counts',
  '/requests',
  `/requests/${someRef}`,
  `/api/v1/requests/${someRef}`,
];
await as(officer.email, inbox);
await as(agencyAdmin.email, ['/api/v1/requests']);
await as(citizen.email, ['/api/v1/requests', '/api/v1/requests/counts', '/requests']);
{
  // A citizen's duplicate check reads their recent requests to the agency.
  const agent = request.agent(app);
  const signedIn = await agent
    .post('/api/v1/session')
    .send({ email: citizen.email, password: PASSWORD });
  from = 'citizen POST /api/v1/requests/check';
  await agent
    .post('/api/v1/requests/check')
    .set('x-csrf-token', (signedIn.body as { csrfToken: string }).csrfToken)
    .send({ jurisdiction: 'JO', agency: jordan[0], subject: 'Request 1', body: 'Please send' })
    .expect(200);
}
await as(auditor.email, [
  `/api/v1/stats?jurisdiction=JO&${year}`,
  `/api/v1/stats?agency=${String(jordan[0])}&${year}`,
  `/api/v1/stats?jurisdiction=JO&${unaligned}`,
  `/api/v1/stats?agency=${String(jordan[0])}&${unaligned}`,
  `/audit/JO?${year}`,
  `/audit/JO/agencies/${String(jordan[0])}?${year}`,
  '/audit/JO/overdue',
  `/audit/JO/requests?figure=received&${year}`,
  `/audit/JO/requests?figure=answered&agency=${String(jordan[0])}&${year}`,
  // The annual report and the requests behind its figures (issue 37).
  `/audit/JO/report?year=${today.slice(0, 4)}&format=json`,
  `/audit/JO/report?year=${today.slice(0, 4)}&agency=${String(jordan[0])}&format=json`,
  ...['received', 'pendingEnd', 'backlogEnd', 'disposition.granted', 'times.normal.6-10'].map(
    (figure) =>
      `/audit/JO/report/requests?figure=${figure}&from=${today.slice(0, 4)}-01-01&to=${today}`,
  ),
  `/audit/JO/report/requests?figure=refusals&article=Art.%2013(a)&from=${today.slice(0, 4)}-01-01&to=${today}`,
  `/audit/JO/report/requests?figure=appeals.decided&from=${today.slice(0, 4)}-01-01&to=${today}`,
]);
await as(agencyAdmin.email, [`/audit/JO/report?agency=${String(jordan[0])}&format=json`]);
await as(admin.email, [`/api/v1/stats?${year}`, `/audit/TN?${year}`]);
await as(undefined, [
  '/',
  `/agencies/${String(jordan[0])}`,
  `/api/v1/stats?jurisdiction=TN`,
  '/statistics/TN/report?format=json',
]);

// --- the jobs' reads, from the filters their code builds
const jobReads: [string, Record<string, unknown>][] = [
  ['reconcile', reconcileFilter(calendars.codes())],
  [
    'officer digest',
    digestFilter({ _id: officer._id, agency: officer.agency }, new Date(), 5 * DAY),
  ],
  ['deadline recomputation', openRequestsOf('JO')],
];
// The rollup job runs for real: its read of the day's requests, then of the month's days.
from = 'rollup job';
await rebuildAgencyDay(calendars, String(jordan[0]), 'JO', addDays(today, -10), new Date());
// The annual report's part of each event: a request's stints, then its agency-days' event rollups.
from = 'stints and event rollups';
const touched = await RequestModel.findOne({ agency: jordan[0] }, { _id: 1 }).lean();
if (touched)
  for (const day of await refreshStints(calendars, touched._id, new Date()))
    await rebuildEventDay(day.agency, day.jurisdiction, day.day, new Date());
for (const [name, filter] of jobReads)
  reads.set(name, { collection: 'requests', command: { find: 'requests', filter }, from: name });

// --- explain each read
client.off('commandStarted', record);
const db = mongoose.connection.db;
if (!db) throw new Error('not connected');
const sizes = new Map<string, number>();
let failures = 0;
console.log(`\n${String(reads.size)} distinct reads; plans at ${String(REQUESTS)} requests:`);
for (const read of reads.values()) {
  if (!sizes.has(read.collection))
    sizes.set(read.collection, await db.collection(read.collection).estimatedDocumentCount());
  const size = sizes.get(read.collection) ?? 0;
  // The engine explains no `distinct`: its query is explained as the `find` it runs.
  const explained =
    'distinct' in read.command
      ? { find: read.collection, filter: read.command.query ?? {} }
      : read.command;
  const plan = await db.command({ explain: explained, verbosity: 'queryPlanner' });
  const scans: PlanScans = planScans(plan);
  const bad = size >= LARGE && (scans.sequential.length > 0 || scans.index.length === 0);
  if (bad) failures += 1;
  console.log(
    `${bad ? 'FAIL' : ' ok '} ${read.collection.padEnd(15)} ${String(size).padStart(7)} docs  ` +
      (scans.index.length > 0 ? `index ${scans.index.join(', ')}` : '') +
      (scans.sequential.length > 0 ? ` SEQUENTIAL ${scans.sequential.join(', ')}` : '') +
      `  ← ${read.from}`,
  );
  if (bad) console.log(`       ${JSON.stringify(read.command).slice(0, 300)}`);
}
console.log(`\n${String(failures)} reads of a large collection without an index`);

await closeRedis(redis);
await mongoose.connection.dropDatabase();
await mongoose.disconnect();
process.exit(failures > 0 ? 1 : 0);
