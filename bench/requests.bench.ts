// The requests benchmark, on whatever MongoDB-wire server the services gave (bench.sh
// starts FerretDB on its PostgreSQL backend): 100,000 requests over 50 agencies
// seeded through the driver; then (a) 20 officers reading their inbox through the
// API for 20 s beside the raw driver query of the same filter and sort, (b) 20
// citizens filing through the API beside raw insertOne at the same concurrency,
// (c) the web process's peak RSS. The web server runs as its own process.
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import { loadConfig } from '../src/config.ts';
import '../src/models.ts';
import { RequestModel } from '../src/requests/request-model.ts';
import { INBOX_FIELDS } from '../src/requests/request-inbox.ts';
import { hashPassword } from '../src/users/password.ts';
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

// --- (a) the inbox through the API, and the same query through the driver
const rawInbox = await forSeconds(READ_SECONDS, async (worker) => {
  await RequestModel.collection
    .find({ agency: agencyCodes[worker] }, { projection: INBOX_FIELDS })
    .sort({ dueAt: 1, _id: 1 })
    .limit(26)
    .toArray();
});
let inboxErrors = 0;
const memoryBeforeInbox = webMemory();
const apiInbox = await forSeconds(READ_SECONDS, async (worker) => {
  const res = await fetch(`${base}/api/v1/requests`, {
    headers: { cookie: officerSessions[worker]!.cookie, accept: 'application/json' },
  });
  const body = (await res.json()) as { items?: unknown[] };
  if (!res.ok || body.items?.length !== 25) inboxErrors += 1;
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
let filingErrors = 0;
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
  await res.arrayBuffer();
  if (res.status !== 201) filingErrors += 1;
});

const cpuFiling = cpuPerOperation(cpuBeforeFilings, cpuSample(web.pid), FILINGS);
const rawInsertAfter = await rawInsert();
const rawInsertRate = (rawInsertBefore + rawInsertAfter) / 2;
// --- (c) the web process's peak RSS
const webPeakMb = webMemory().peakMb;

const p = (samples: number[], q: number) => percentile(samples, q);
console.log(row(`seed through the driver (insertMany)`, seedRate, 'docs/s', 0));
console.log(
  row(`raw inbox query p50 (${String(CONCURRENCY)} concurrent)`, p(rawInbox.latencies, 50), 'ms'),
);
console.log(row('raw inbox query p95', p(rawInbox.latencies, 95), 'ms'));
console.log(row('raw inbox queries', rawInbox.perSecond, 'req/s'));
console.log(
  row(`API inbox p50 (${String(CONCURRENCY)} officers)`, p(apiInbox.latencies, 50), 'ms'),
);
console.log(row('API inbox p95', p(apiInbox.latencies, 95), 'ms'));
console.log(row('API inbox', apiInbox.perSecond, 'req/s'));
console.log(row('API inbox errors', inboxErrors, '', 0));
const budget = 1.5 * p(rawInbox.latencies, 95) + 10;
console.log(row('goal: API p95 ≤ 1.5 × raw p95 + 10 ms', budget, 'ms'));
console.log(
  row(`raw insertOne (${String(CONCURRENCY)} concurrent), before`, rawInsertBefore, 'ops/s'),
);
console.log(row('raw insertOne, after', rawInsertAfter, 'ops/s'));
console.log(row(`API filing (${String(CONCURRENCY)} citizens)`, filingRate, 'filings/s'));
console.log(row('ratio filing / raw insert (goal ≥ 0.25)', filingRate / rawInsertRate, '×', 2));
console.log(row('API filing errors', filingErrors, '', 0));
const cpuLine = (label: string, cpu: CpuSample) => {
  const total = Object.values(cpu).reduce((sum, ms) => sum + ms, 0);
  console.log(row(label, total, 'ms CPU'));
  for (const [process, ms] of Object.entries(cpu)) console.log(row(`  ${process}`, ms, 'ms'));
};
cpuLine('CPU per raw insertOne, all processes', cpuRawInsert);
cpuLine('CPU per API filing, all processes', cpuFiling);
console.log(row('web process RSS when ready', memoryAtReady.rssMb, 'MB'));
console.log(row('web process RSS after sign-ins', memoryBeforeInbox.rssMb, 'MB'));
console.log(row('web process peak RSS after the inbox phase', memoryAfterInbox.peakMb, 'MB'));
console.log(row('web process peak RSS (goal < 200)', webPeakMb, 'MB'));

// Leave nothing behind: the bench's queue and session keys, and its database.
await web.stop();
await mongoose.connection.dropDatabase();
await mongoose.disconnect();
