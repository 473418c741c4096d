// The lag from an event to the statistics: officers log paper requests (received up to 60
// days ago) and answer them through the API of a web process, at a steady rate, while two
// worker processes (jobs/worker.ts) run the events and stats queues. A poller reads the
// agency-day rollups ten times a second; an event is reflected once its agency-day's
// `received` (filing) or `answered` (answer) count has reached it. The lag of each event is
// the time from the API's answer to the first read that shows it.
// Goal: p95 ≤ 5 s at this rate, every event reflected.
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import { loadConfig } from '../src/config.ts';
import { startMailCatcher } from '../src/dev/mail-catcher.ts';
import { createJurisdictionCalendars } from '../src/jurisdictions/jurisdiction-calendars.ts';
import { loadJurisdictions } from '../src/jurisdictions/jurisdiction-registry.ts';
import { wallClock } from '../src/time/local-date.ts';
import '../src/models.ts';
import { createProgress } from '../src/platform/progress.ts';
import { RollupModel } from '../src/stats/rollup-model.ts';
import { rebuildAllRollups } from '../src/stats/rollup-rebuild.ts';
import { hashPassword } from '../src/users/password.ts';
import { UserModel } from '../src/users/user-model.ts';
import {
  childPeakRssMb,
  openBenchDatabase,
  percentile,
  row,
  seedBenchAgencies,
  seedRequests,
  startWebProcess,
  startWorkerProcess,
} from './bench-support.ts';
import { checkAnswer, printFigures, wrongAnswers } from './answer-checks.ts';

const BACKGROUND = Number(process.env.BENCH_REQUESTS ?? 50_000);
const AGENCIES = 20;
/** Requests a second, each logged then answered: twice as many events. */
const RATE = Number(process.env.BENCH_RATE ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const CLIENTS = 10;
const PASSWORD = 'bench password that is long enough';
const DAY = 86_400_000;
const GOAL_P95_MS = 5_000;

const config = loadConfig();
const uri = await openBenchDatabase(config.MONGODB_URI, 'haqq_bench_stats_lag');
const agencies = await seedBenchAgencies('L', AGENCIES);
const hash = await hashPassword(PASSWORD);
await UserModel.insertMany(
  agencies.map((agency, i) => ({
    email: `officer${String(i)}@bench.example.org`,
    name: `Officer ${String(i)}`,
    passwordHash: hash,
    roles: ['officer'],
    agency,
    emailVerifiedAt: new Date(),
  })),
);
// Background: a year of requests of the same agencies, so rollups have real days to rebuild.
await seedRequests(BACKGROUND, {
  agencies,
  requesters: [],
  statuses: ['submitted', 'acknowledged', 'answered', 'closed'],
  dueAt: (receivedAt) => new Date(receivedAt.getTime() + 21 * DAY),
});
const calendars = createJurisdictionCalendars(loadJurisdictions());
await rebuildAllRollups(calendars, new Date());

const mailbox = await startMailCatcher();
const web = await startWebProcess(uri, config.REDIS_URL, {
  FILINGS_PER_HOUR: '1000000',
  SMTP_URL: mailbox.url,
});
const workers = [
  await startWorkerProcess(uri, web.prefix, mailbox.url),
  await startWorkerProcess(uri, web.prefix, mailbox.url),
];
const officers = await Promise.all(
  agencies.map((_, i) => web.signIn(`officer${String(i)}@bench.example.org`, PASSWORD)),
);

/** Per agency-day rollup id: the count seen before the run and the acknowledgement times. */
interface Track {
  base: { received: number; answered: number };
  filed: number[];
  answered: number[];
}
const tracks = new Map<string, Promise<Track>>();
const countsOf = (doc: { counts?: unknown } | null | undefined) => {
  const counts = (doc?.counts ?? {}) as { received?: number; answered?: number };
  return { received: counts.received ?? 0, answered: counts.answered ?? 0 };
};
/** The track of an agency-day, its counts read before this run's first event of that day. */
const trackOf = (id: string): Promise<Track> => {
  let track = tracks.get(id);
  if (!track) {
    track = RollupModel.findById(id, { counts: 1 })
      .lean()
      .then((doc) => ({ base: countsOf(doc), filed: [], answered: [] }));
    tracks.set(id, track);
  }
  return track;
};

const lags = { filed: [] as number[], answered: [] as number[] };
/** How many of each kind of an agency-day's events the poller has seen counted. */
const seen = new Map<string, { filed: number; answered: number }>();
const acked = (list: readonly Track[]) =>
  list.reduce((n, t) => n + t.filed.length + t.answered.length, 0);

/** Reads the rollups of every agency-day touched, and records the lag of each event newly counted. */
async function poll(): Promise<number> {
  const entries = await Promise.all(
    [...tracks].map(async ([id, track]) => [id, await track] as const),
  );
  const docs = await RollupModel.find(
    { _id: mongoose.trusted({ $in: entries.map(([id]) => id) }) },
    { counts: 1 },
  ).lean();
  const at = performance.now();
  const byId = new Map(entries);
  for (const doc of docs) {
    const track = byId.get(doc._id);
    if (!track) continue;
    const now = countsOf(doc);
    const was = seen.get(doc._id) ?? { filed: 0, answered: 0 };
    const filed = Math.min(track.filed.length, Math.max(0, now.received - track.base.received));
    const answered = Math.min(
      track.answered.length,
      Math.max(0, now.answered - track.base.answered),
    );
    for (let n = was.filed; n < filed; n += 1) lags.filed.push(at - track.filed[n]!);
    for (let n = was.answered; n < answered; n += 1) lags.answered.push(at - track.answered[n]!);
    seen.set(doc._id, {
      filed: Math.max(was.filed, filed),
      answered: Math.max(was.answered, answered),
    });
  }
  return acked(entries.map(([, track]) => track));
}

const post = async (officer: (typeof officers)[number], path: string, body: object) => {
  const res = await fetch(`${web.base}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: officer.cookie,
      'x-csrf-token': officer.csrf,
    },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${String(res.status)} ${await res.text()}`);
  return (await res.json()) as { ref: string; version: number };
};

// Paced: request n starts at n / RATE seconds, CLIENTS at a time at most.
const total = RATE * SECONDS;
const progress = createProgress('logging and answering', total, { everyMs: 10_000 });
const started = performance.now();
const deadline = started + SECONDS * 1000;
const run = { polling: true };
const poller = (async () => {
  for (;;) {
    const sent = await poll();
    const reflected = lags.filed.length + lags.answered.length;
    if (!run.polling && reflected >= sent) return;
    // Two minutes after the run, what is still not counted stays missing.
    if (performance.now() > deadline + 120_000) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
})();
let next = 0;
let done = 0;
const client = async () => {
  while (next < total) {
    const n = next;
    next += 1;
    const wait = started + (n / RATE) * 1000 - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const i = n % AGENCIES;
    const receivedAt = new Date(Date.now() - ((n * 7) % 60) * DAY - 3_600_000);
    const id = `${agencies[i]!}_${wallClock(receivedAt, 'Asia/Amman').date}`;
    const track = await trackOf(id);
    try {
      const filed = await post(officers[i]!, '/api/v1/requests', {
        subject: `Paper request ${String(n)}`,
        body: 'A letter received at the front desk, logged by the officer on duty.',
        receivedAt: receivedAt.toISOString(),
        channel: 'paper',
        visibility: 'public',
        requester: { name: 'A citizen' },
      });
      track.filed.push(performance.now());
      await post(officers[i]!, `/api/v1/requests/${filed.ref}/answer`, {
        outcome: 'granted',
        version: filed.version,
      });
      track.answered.push(performance.now());
    } catch (error) {
      checkAnswer('log and answer a request', (error as Error).message);
    }
    done += 1;
    progress.update(done);
  }
};
await Promise.all(Array.from({ length: CLIENTS }, client));
progress.finish();
const runSeconds = (performance.now() - started) / 1000;
run.polling = false;
await poller;

const events = lags.filed.length + lags.answered.length;
const expected = acked(await Promise.all(tracks.values()));
const all = [...lags.filed, ...lags.answered];
const p95 = percentile(all, 95);
const figures: string[] = [];
figures.push(row(`background requests (rollups rebuilt)`, BACKGROUND, 'requests', 0));
figures.push(row('requests logged and answered', done - wrongAnswers(), 'requests', 0));
figures.push(row('rate achieved', (done - wrongAnswers()) / runSeconds, 'requests/s'));
figures.push(row('agency-days touched', tracks.size, '', 0));
figures.push(row('events reflected in the rollups', events, `of ${String(expected)}`, 0));
figures.push(row('lag filing → rollup p50', percentile(lags.filed, 50), 'ms', 0));
figures.push(row('lag filing → rollup p95', percentile(lags.filed, 95), 'ms', 0));
figures.push(row('lag answer → rollup p50', percentile(lags.answered, 50), 'ms', 0));
figures.push(row('lag answer → rollup p95', percentile(lags.answered, 95), 'ms', 0));
figures.push(row('lag, every event, p95', p95, 'ms', 0));
figures.push(row('lag, every event, max', Math.max(...all), 'ms', 0));
figures.push(row('web peak RSS', web.memory().peakMb, 'MB'));
figures.push(row('worker 1 peak RSS', childPeakRssMb(workers[0]!), 'MB'));
figures.push(row('worker 2 peak RSS', childPeakRssMb(workers[1]!), 'MB'));
const met = events === expected && wrongAnswers() === 0 && p95 <= GOAL_P95_MS;
figures.push(
  `goal p95 ≤ ${String(GOAL_P95_MS)} ms, every event reflected: ${met ? 'met' : 'NOT met'}`,
);

printFigures(figures);

for (const worker of workers) worker.kill('SIGTERM');
await Promise.all(workers.map((w) => new Promise((resolve) => w.once('exit', resolve))));
await web.stop();
await mailbox.close();
await mongoose.connection.dropDatabase();
await mongoose.disconnect();
