// Statistics benchmark (issues 8 and 14), on the engine the services script gives:
// 1,000,000 requests over 50 agencies and 3 years seeded through the driver (the
// raw insert rate), the statistics rollups rebuilt from them (npm run
// stats:rebuild's code: the rebuild rate beside the raw insert rate), the rollup
// job of one agency-day, then through the web process: GET /api/v1/stats for one
// jurisdiction over 12 whole months and over the last 365 days (20 sequential
// calls each), and CSV exports (the agency table over 3 years, and every request
// of 12 months).
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import { loadConfig } from '../src/config.ts';
import { createJurisdictionCalendars } from '../src/jurisdictions/jurisdiction-calendars.ts';
import { loadJurisdictions } from '../src/jurisdictions/jurisdiction-registry.ts';
import { addDays, wallClock } from '../src/time/local-date.ts';
import '../src/models.ts';
import { createProgress } from '../src/platform/progress.ts';
import { RequestModel } from '../src/requests/request-model.ts';
import { rebuildAllRollups } from '../src/stats/rollup-rebuild.ts';
import { rebuildAgencyDay } from '../src/stats/rollup-store.ts';
import { rebuildEventDay } from '../src/stats/event-rollup-store.ts';
import { refreshStints } from '../src/stats/stint-store.ts';
import { hashPassword } from '../src/users/password.ts';
import { UserModel } from '../src/users/user-model.ts';
import {
  openBenchDatabase,
  percentile,
  row,
  seedBenchAgencies,
  seedRequests,
  startWebProcess,
} from './bench-support.ts';
import { checkAnswer, printFigures } from './answer-checks.ts';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1_000_000);
const AGENCIES = 50;
const YEARS = 3;
const CALLS = 20;
const PASSWORD = 'bench password that is long enough';
const DAY = 86_400_000;
const OUTCOMES = ['granted', 'partially_granted', 'refused', 'not_held'] as const;

const config = loadConfig();
const uri = await openBenchDatabase(config.MONGODB_URI, 'haqq_bench_stats');

const agencyCodes = await seedBenchAgencies('S', AGENCIES);
const auditor = await UserModel.create({
  email: 'auditor@bench.example.org',
  name: 'Auditor',
  passwordHash: await hashPassword(PASSWORD),
  roles: ['auditor'],
  jurisdiction: 'JO',
  emailVerifiedAt: new Date(),
});

/**
 * A realistic mix: 70% answered (their figures stored, as an answer stores
 * them), 5% closed after an answer, 5% decided on appeal, 5% withdrawn, 15% open
 * (many long overdue); extensions, transfers, pauses and exemptions among them.
 */
const STATUSES = [
  ...Array<string>(14).fill('answered'),
  'closed',
  'appeal_decided',
  'withdrawn',
  'submitted',
  'acknowledged',
  'awaiting_clarification',
];
console.log(`seeding ${String(REQUESTS)} requests over ${String(YEARS)} years …`);
const rawInsertRate = await seedRequests(REQUESTS, {
  agencies: agencyCodes,
  requesters: [new mongoose.Types.ObjectId()],
  statuses: STATUSES,
  dueAt: (receivedAt) => new Date(receivedAt.getTime() + 21 * DAY),
  spanDays: YEARS * 365,
  refYear: 2024,
  extra: (i, receivedAt, dueAt) => {
    const status = STATUSES[i % STATUSES.length] ?? 'submitted';
    const fields: Record<string, unknown> = {
      extensionCount: i % 10 === 0 ? 1 : 0,
      transfers:
        i % 25 === 0
          ? [
              {
                from: agencyCodes[(i + 1) % AGENCIES],
                to: agencyCodes[i % AGENCIES],
                at: receivedAt,
                seq: 2,
              },
            ]
          : [],
      pauses:
        i % 15 === 0
          ? [
              {
                from: new Date(receivedAt.getTime() + DAY),
                to: new Date(receivedAt.getTime() + 3 * DAY),
              },
            ]
          : [],
    };
    if (['answered', 'closed', 'appeal_decided'].includes(status)) {
      const days = (i * 31) % 30;
      const answeredAt = new Date(receivedAt.getTime() + days * DAY);
      const outcome = OUTCOMES[i % OUTCOMES.length] ?? 'granted';
      Object.assign(fields, {
        answeredAt,
        outcome,
        legalGrounds:
          outcome === 'refused' || outcome === 'partially_granted'
            ? [`Art. 13(${'abcdefgh'[i % 8] ?? 'a'})`]
            : [],
        figures: {
          daysToAnswer: Math.round((days * 5) / 7),
          answeredOnTime: answeredAt.getTime() <= dueAt.getTime(),
          acknowledgedInTime: null,
        },
        ...(status === 'appeal_decided'
          ? {
              appeal: {
                stage: 0,
                ground: 'refusal',
                body: 'JO-IC',
                filedAt: new Date(answeredAt.getTime() + DAY),
                dueAt: new Date(answeredAt.getTime() + 31 * DAY),
                decision: ['upheld', 'overturned', 'partially_overturned'][i % 3],
                decidedAt: new Date(answeredAt.getTime() + 20 * DAY),
              },
            }
          : {}),
      });
    }
    return fields;
  },
});

// The raw driver's read of the same documents, for scale.
const readStarted = performance.now();
let read = 0;
const rawCursor = RequestModel.collection.find({}, { batchSize: 2_000 });
while (read < Math.min(100_000, REQUESTS) && (await rawCursor.next())) read += 1;
await rawCursor.close();
const rawReadRate = read / ((performance.now() - readStarted) / 1000);

const calendars = createJurisdictionCalendars(loadJurisdictions());
console.log('rebuilding the rollups …');
const rebuildStarted = performance.now();
const rebuildProgress = createProgress('rebuild: requests read', REQUESTS);
const rebuilt = await rebuildAllRollups(calendars, new Date(), (read) => {
  rebuildProgress.update(read);
});
rebuildProgress.finish();
const rebuildSeconds = (performance.now() - rebuildStarted) / 1000;
const rebuildRate = rebuilt.requests / rebuildSeconds;
const rebuildPeakMb = process.resourceUsage().maxRSS / 1024;

// What each event queues: the rollup job for one agency-day (its requests of
// that day read, its rollup rewritten). Twenty sequential calls, on twenty
// agencies, one day each over the last month.
const today = wallClock(new Date(), 'Asia/Amman').date;
const dayJobs: number[] = [];
for (const [i, agency] of agencyCodes.slice(0, 20).entries()) {
  const started = performance.now();
  await rebuildAgencyDay(calendars, agency, 'JO', addDays(today, -1 - i), new Date());
  dayJobs.push(performance.now() - started);
}

const web = await startWebProcess(uri, config.REDIS_URL);
const session = await web.signIn(auditor.email, PASSWORD);
// The last twelve whole months…
const lastMonthEnd = addDays(`${today.slice(0, 7)}-01`, -1);
const twelveMonths = `from=${String(Number(today.slice(0, 4)) - 1)}-${today.slice(5, 7)}-01&to=${lastMonthEnd}`;
// …the last 365 days…
const oneYear = `from=${addDays(today, -364)}&to=${today}`;
// …and 365 days that never start or end a month (to the 15th of last month).
const lastMonth15 = `${addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7)}-15`;
const unaligned = `from=${addDays(lastMonth15, -364)}&to=${lastMonth15}`;
const allYears = `from=${addDays(today, -YEARS * 365)}&to=${today}`;
const get = (path: string) =>
  fetch(`${web.base}${path}`, { headers: { cookie: session.cookie, accept: 'application/json' } });

// The stats call: one warm-up, then 20 sequential calls, for each range.
async function timeStats(range: string) {
  const first = (await (await get(`/api/v1/stats?jurisdiction=JO&${range}`)).json()) as {
    totals: { received: number };
  };
  const latencies: number[] = [];
  for (let i = 0; i < CALLS; i += 1) {
    const started = performance.now();
    const res = await get(`/api/v1/stats?jurisdiction=JO&${range}`);
    const body = (await res.json()) as { totals?: { received?: number } };
    checkAnswer(
      'GET /api/v1/stats',
      !res.ok
        ? `HTTP ${String(res.status)}`
        : body.totals?.received === first.totals.received
          ? null
          : `received ${String(body.totals?.received)}, not ${String(first.totals.received)}`,
    );
    latencies.push(performance.now() - started);
  }
  return { received: first.totals.received, latencies };
}
const months = await timeStats(twelveMonths);
const days = await timeStats(oneYear);
const edges = await timeStats(unaligned);

// The annual report (issue 37): a country's calendar year from the event rollups, the year
// before beside it and the ten oldest; this year (not over) and last year, 20 calls each.
async function timeReport(year: number) {
  const path = `/audit/JO/report?year=${String(year)}&format=json`;
  const first = (await (await get(path)).json()) as {
    report: { totals: { current: { received: number; pendingEnd: number } } };
  };
  const latencies: number[] = [];
  for (let i = 0; i < CALLS; i += 1) {
    const started = performance.now();
    const res = await get(path);
    const body = (await res.json()) as typeof first;
    checkAnswer(
      'GET /audit/JO/report',
      !res.ok
        ? `HTTP ${String(res.status)}`
        : body.report.totals.current.received === first.report.totals.current.received
          ? null
          : 'the figures moved between calls',
    );
    latencies.push(performance.now() - started);
  }
  return { ...first.report.totals.current, latencies };
}
const thisYear = Number(today.slice(0, 4));
const reportNow = await timeReport(thisYear);
const reportLast = await timeReport(thisYear - 1);

// What each event queues for the report: a request's stints rewritten, then the event
// rollups of the agency-days they touch (20 requests, one after another).
const eventJobs: number[] = [];
for (const request of await RequestModel.find({}, { _id: 1 })
  .sort({ receivedAt: -1 })
  .limit(20)
  .lean()) {
  const started = performance.now();
  for (const day of await refreshStints(calendars, request._id, new Date()))
    await rebuildEventDay(day.agency, day.jurisdiction, day.day, new Date());
  eventJobs.push(performance.now() - started);
}

/**
 * Downloads an export, counting bytes and lines as they stream, through
 * `node:http`, which has no body timeout (fetch's undici gives up after 300 s
 * between chunks; a request export's first row waits for its sort).
 */
function download(path: string) {
  const started = performance.now();
  return new Promise<{ seconds: number; bytes: number; rows: number }>((resolve, reject) => {
    const req = http.get(
      `${web.base}${path}`,
      { headers: { cookie: session.cookie, accept: 'text/csv' } },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`export failed: ${String(res.statusCode)}`));
          return;
        }
        let bytes = 0;
        let lines = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.byteLength;
          for (const byte of chunk) if (byte === 10) lines += 1;
        });
        res.on('end', () => {
          resolve({ seconds: (performance.now() - started) / 1000, bytes, rows: lines - 1 });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
  });
}

const figures: string[] = [];
figures.push(
  `\nstatistics, ${String(REQUESTS)} requests, ${String(AGENCIES)} agencies, ${String(YEARS)} years`,
);
figures.push(row('raw driver insert (insertMany of 1,000)', rawInsertRate, 'requests/s', 0));
figures.push(row('rollup rebuild (stats:rebuild)', rebuildRate, 'requests/s', 0));
figures.push(row(`  ${String(rebuilt.rollups)} rollups in`, rebuildSeconds, 's'));
figures.push(row('ratio rebuild / raw insert (goal ≥ 0.25)', rebuildRate / rawInsertRate, '×', 2));
figures.push(row('rebuild process peak RSS', rebuildPeakMb, 'MB', 0));
figures.push(row('raw driver read of the requests (first 100,000)', rawReadRate, 'requests/s', 0));
figures.push(row('ratio rebuild / raw read', rebuildRate / rawReadRate, '×', 2));
figures.push('rollup job, one agency-day (20 calls)');
figures.push(row('  p50', percentile(dayJobs, 50), 'ms', 0));
figures.push(row('  p95 (goal < 200)', percentile(dayJobs, 95), 'ms', 0));
for (const [label, timing] of [
  [`12 whole months (${twelveMonths})`, months],
  [`last 365 days (${oneYear})`, days],
  [`365 days across months (${unaligned})`, edges],
] as const) {
  figures.push(label);
  figures.push(row('  requests received', timing.received, '', 0));
  figures.push(row('  GET /api/v1/stats p50', percentile(timing.latencies, 50), 'ms', 0));
  figures.push(
    row('  GET /api/v1/stats p95 (goal < 1000)', percentile(timing.latencies, 95), 'ms', 0),
  );
}
for (const [label, timing] of [
  [`annual report, ${String(thisYear)} so far`, reportNow],
  [`annual report, ${String(thisYear - 1)}`, reportLast],
] as const) {
  figures.push(label);
  figures.push(row('  requests received', timing.received, '', 0));
  figures.push(row('  pending at the end', timing.pendingEnd, '', 0));
  figures.push(row('  GET /audit/JO/report p50', percentile(timing.latencies, 50), 'ms', 0));
  figures.push(row('  p95 (goal < 1000)', percentile(timing.latencies, 95), 'ms', 0));
  figures.push(
    row(
      '  ratio p50 / GET /api/v1/stats 12 months p50',
      percentile(timing.latencies, 50) / percentile(months.latencies, 50),
      '×',
      2,
    ),
  );
}
figures.push(
  `report's rebuild part: ${String(rebuilt.stints)} stints, ${String(rebuilt.eventRollups)} event rollups`,
);
figures.push('stints and event rollups of one request (what each event queues, 20 calls)');
figures.push(row('  p50', percentile(eventJobs, 50), 'ms', 0));
figures.push(row('  p95', percentile(eventJobs, 95), 'ms', 0));
// An export that fails throws: the run ends with no figure.
const memoryBeforeExports = web.memory();
const agencyCsv = await download(`/audit/JO?${allYears}&format=csv`);
const requestCsv = await download(`/audit/JO/requests?${twelveMonths}&figure=received&format=csv`);
const webPeak = web.memory().peakMb;
figures.push(row('CSV agency table, 3 years', agencyCsv.seconds, 's', 2));
figures.push(
  row(
    `CSV every request of the 12 months (${String(requestCsv.rows)} rows)`,
    requestCsv.seconds,
    's',
    1,
  ),
);
figures.push(row('  rows per second', requestCsv.rows / requestCsv.seconds, 'rows/s', 0));
figures.push(row('  size', requestCsv.bytes / 1_048_576, 'MiB', 1));
figures.push(row('web RSS before the exports', memoryBeforeExports.rssMb, 'MB', 0));
figures.push(row('web peak RSS after the exports', webPeak, 'MB', 0));

printFigures(figures);

await web.stop();
// BENCH_KEEP=1 leaves the database for a closer look (haqq_bench_stats).
if (!process.env.BENCH_KEEP) await mongoose.connection.dropDatabase();
await mongoose.disconnect();
