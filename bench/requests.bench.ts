// The requests benchmark, on whatever MongoDB-wire server the services gave (bench.sh
// starts FerretDB on its PostgreSQL backend): 100,000 requests over 50 agencies
// seeded through the driver; then (a) 20 officers reading their inbox through the
// API for 20 s beside the raw driver query of the same filter, sort and page (the
// default inbox: the agency's open requests), every answer checked, (b) 20
// citizens filing through the API beside raw insertOne at the same concurrency,
// (c) the web process's peak RSS. The web server runs as its own process.
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import { loadConfig } from '../src/config.ts';
import '../src/models.ts';
import { RequestModel } from '../src/requests/request-model.ts';
import { OPEN_STATUSES } from '../src/requests/request-states.ts';
import { INBOX_FIELDS, inboxFilter } from '../src/requests/request-inbox.ts';
import { hashPassword } from '../src/users/password.ts';
import { checkAnswer, checkJsonAnswer, printFigures } from './answer-checks.ts';
import { cpuPerOperation, cpuSample, type CpuSample } from './process-cpu.ts';
import {
  openBenchDatabase,
  percentile,
  rate,
  row,
  seedBenchAgencies,
  seedBenchUsers,
  seedRequests,
  startWebProcess,
} from './bench-support.ts';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100_000);
const AGENCIES = 50;
const CONCURRENCY = 20;
const READ_SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const FILINGS = Number(process.env.BENCH_FILINGS ?? 2_000);
const PASSWORD = 'bench password that is long enough';
const DAY = 86_400_000;

const config = loadConfig();
const uri = await openBenchDatabase(config.MONGODB_URI, 'haqq_bench_requests');

// --- seed: 50 agencies, 20 officers and 20 citizens, 100,000 requests through the driver
const agencyCodes = await seedBenchAgencies('B', AGENCIES);
const hash = await hashPassword(PASSWORD);
const officers = await seedBenchUsers('officer', CONCURRENCY, hash, (i) => ({
  agency: agencyCodes[i],
}));
const citizens = await seedBenchUsers('citizen', CONCURRENCY, hash);
const seedRate = await seedRequests(REQUESTS, {
  agencies: agencyCodes,
  requesters: citizens.map((c) => c._id),
  statuses: ['submitted', 'acknowledged', 'awaiting_clarification', 'answered', 'closed'],
  dueAt: (receivedAt) => new Date(receivedAt.getTime() + 21 * DAY),
});

// --- the web process
const web = await startWebProcess(uri, config.REDIS_URL, { FILINGS_PER_HOUR: '1000000' });
const { base } = web;
const webMemory = () => web.memory();
const memoryAtReady = webMemory();
const signIn = (email: string) => web.signIn(email, PASSWORD);
const officerSessions = await Promise.all(officers.map((o) => signIn(o.email)));
const citizenSessions: { cookie: string; csrf: string }[] = [];
for (const c of citizens) citizenSessions.push(await signIn(c.email));

/** Runs `task` from `CONCURRENCY` loops for `seconds`; latencies in ms. */
async function forSeconds(seconds: number, task: (worker: number) => Promise<void>) {
  const latencies: number[] = [];
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      while (performance.now() < until) {
        const started = performance.now();
        await task(worker);
        latencies.push(performance.now() - started);
      }
    }),
  );
  return { latencies, perSecond: latencies.length / seconds };
}

// --- (a) the inbox through the API, and the same query through the driver: the default
// inbox's own filter (src/requests/request-inbox.ts), sort and page size.
const PAGE = 25;
const inboxFilters = officers.map((o) =>
  inboxFilter(
    {
      id: o._id.toString(),
      email: o.email,
      name: o.name,
      locale: 'en',
      roles: ['officer'],
      agency: o.agency ?? null,
      jurisdiction: 'JO',
      confirmed: true,
      authVersion: 0,
    },
    {},
    new Date(),
  ),
);
const open = new Set<string>(OPEN_STATUSES);
/** Null when a page holds `PAGE` open requests of the officer's agency, else what is wrong. */
const wrongPage = (items: { agency?: unknown; status?: unknown }[] | undefined, worker: number) => {
  if (items?.length !== PAGE) return `${String(items?.length ?? 'no')} items, not ${String(PAGE)}`;
  const stray = items.find((r) => r.agency !== agencyCodes[worker] || !open.has(String(r.status)));
  return stray ? `a ${String(stray.status)} request of ${String(stray.agency)}` : null;
};
const rawInbox = await forSeconds(READ_SECONDS, async (worker) => {
  const items = await RequestModel.collection
    .find<{ agency: string; status: string }>(inboxFilters[worker] ?? { _id: null }, {
      projection: INBOX_FIELDS,
    })
    .sort({ dueAt: 1, _id: 1 })
    .limit(PAGE + 1)
    .toArray();
  checkAnswer(
    'raw inbox query',
    items.length === PAGE + 1
      ? wrongPage(items.slice(0, PAGE), worker)
      : `${String(items.length)} documents`,
  );
});
const memoryBeforeInbox = webMemory();
const apiInbox = await forSeconds(READ_SECONDS, async (worker) => {
  const res = await fetch(`${base}/api/v1/requests`, {
    headers: { cookie: officerSessions[worker]!.cookie, accept: 'application/json' },
  });
  const body = (await res.json()) as { items?: { agency?: unknown; status?: unknown }[] };
  checkAnswer(
    'GET /api/v1/requests',
    res.ok ? wrongPage(body.items, worker) : `HTTP ${String(res.status)}`,
  );
});

const memoryAfterInbox = webMemory();
// --- (b) filing through the API, and raw insertOne at the same concurrency
const scratch = mongoose.connection.collection('raw_inserts');
const rawInsert = () =>
  rate(FILINGS, CONCURRENCY, (i) =>
    scratch.insertOne({
      ref: `RAW-${String(i)}`,
      agency: agencyCodes[i % AGENCIES],
      body: 'Please send the figures for 2025, by month and by governorate.',
      receivedAt: new Date(),
    }),
  );
// The machine's speed drifts: the raw rate is the mean of a run before and one after the filings.
const cpuBeforeRaw = cpuSample(web.pid);
const rawInsertBefore = await rawInsert();
const cpuRawInsert = cpuPerOperation(cpuBeforeRaw, cpuSample(web.pid), FILINGS);
const cpuBeforeFilings = cpuSample(web.pid);
const filingRate = await rate(FILINGS, CONCURRENCY, async (i) => {
  const session = citizenSessions[i % CONCURRENCY]!;
  const res = await fetch(`${base}/api/v1/requests`, {
    method: 'POST',
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrf,
      'content-type': 'application/json',
      accept: 'application/json',
    },
    body: JSON.stringify({
      jurisdiction: 'JO',
      agency: agencyCodes[i % AGENCIES],
      subject: `Benchmark request ${String(i)}`,
      body: 'Please send the figures for 2025, by month and by governorate.',
      visibility: 'public',
    }),
  });
  await checkJsonAnswer('POST /api/v1/requests', res, 201, 'ref');
});

const cpuFiling = cpuPerOperation(cpuBeforeFilings, cpuSample(web.pid), FILINGS);
const rawInsertAfter = await rawInsert();
const rawInsertRate = (rawInsertBefore + rawInsertAfter) / 2;
// --- (c) the web process's peak RSS
const webPeakMb = webMemory().peakMb;

const figures: string[] = [];
const p = (samples: number[], q: number) => percentile(samples, q);
figures.push(row(`seed through the driver (insertMany)`, seedRate, 'docs/s', 0));
figures.push(
  row(`raw inbox query p50 (${String(CONCURRENCY)} concurrent)`, p(rawInbox.latencies, 50), 'ms'),
);
figures.push(row('raw inbox query p95', p(rawInbox.latencies, 95), 'ms'));
figures.push(row('raw inbox queries', rawInbox.perSecond, 'req/s'));
figures.push(
  row(`API inbox p50 (${String(CONCURRENCY)} officers)`, p(apiInbox.latencies, 50), 'ms'),
);
figures.push(row('API inbox p95', p(apiInbox.latencies, 95), 'ms'));
figures.push(row('API inbox', apiInbox.perSecond, 'req/s'));
const budget = 1.5 * p(rawInbox.latencies, 95) + 10;
figures.push(row('goal: API p95 ≤ 1.5 × raw p95 + 10 ms', budget, 'ms'));
figures.push(
  row(`raw insertOne (${String(CONCURRENCY)} concurrent), before`, rawInsertBefore, 'ops/s'),
);
figures.push(row('raw insertOne, after', rawInsertAfter, 'ops/s'));
figures.push(row(`API filing (${String(CONCURRENCY)} citizens)`, filingRate, 'filings/s'));
figures.push(row('ratio filing / raw insert (goal ≥ 0.25)', filingRate / rawInsertRate, '×', 2));
const cpuLine = (label: string, cpu: CpuSample) => {
  const total = Object.values(cpu).reduce((sum, ms) => sum + ms, 0);
  figures.push(row(label, total, 'ms CPU'));
  for (const [process, ms] of Object.entries(cpu)) figures.push(row(`  ${process}`, ms, 'ms'));
};
cpuLine('CPU per raw insertOne, all processes', cpuRawInsert);
cpuLine('CPU per API filing, all processes', cpuFiling);
figures.push(row('web process RSS when ready', memoryAtReady.rssMb, 'MB'));
figures.push(row('web process RSS after sign-ins', memoryBeforeInbox.rssMb, 'MB'));
figures.push(row('web process peak RSS after the inbox phase', memoryAfterInbox.peakMb, 'MB'));
figures.push(row('web process peak RSS (goal < 200)', webPeakMb, 'MB'));

printFigures(figures);

// Leave nothing behind: the bench's queue and session keys, and its database.
await web.stop();
await mongoose.connection.dropDatabase();
await mongoose.disconnect();
