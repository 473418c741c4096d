// `npm run bench -- load` (issue 20): mixed traffic for a fixed time from 50
// clients against 2 web processes and 2 workers on the local engine and a
// redis-server of its own (bench/load-harness.ts), then, in the same run and
// with the same client, Express's hello world and the raw driver's read of one
// request. Reported per route: throughput, p50/p95/p99, errors; peak RSS per
// process. Goal (2 cores): 0 errors, p95 < 500 ms on every read route at 50 clients: the
// paced runs measure it (clients that act at a rate, as people do); the closed loop shows the
// stack flat out, where latency is 50 requests in flight ÷ throughput (Little's law).
// BENCH_LOAD_SECONDS (default 60), BENCH_LOAD_CLIENTS (50), BENCH_PUBLISHED (5,000).
// Then the same clients paced at BENCH_LOAD_RATES actions/s (default 45,60,70), each for
// BENCH_LOAD_PACED_SECONDS (30): the rate the stack holds with every read's p95 < 500 ms.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config.ts';
import { RequestModel } from '../src/requests/request-model.ts';
import '../src/models.ts';
import mongoose from 'mongoose';
import { connectedDb } from '../src/platform/mongo.ts';
import { percentile } from './bench-support.ts';
import { cpuByPart, routeTable, runTraffic, seed, sleep, startStack } from './load-harness.ts';

const { BSON } = mongoose.mongo;
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
const CLIENTS = Number(process.env.BENCH_LOAD_CLIENTS ?? 50);
const PUBLISHED = Number(process.env.BENCH_PUBLISHED ?? 5_000);
/** Paced runs after the closed loop, in actions per second from all clients (empty: none). */
const RATES = (process.env.BENCH_LOAD_RATES ?? '45,60,70').split(',').filter(Boolean).map(Number);
const PACED_SECONDS = Number(process.env.BENCH_LOAD_PACED_SECONDS ?? 30);

const config = loadConfig();
const stack = await startStack(config.MONGODB_URI, 'haqq_bench_load');
const seeded = await seed(PUBLISHED);
console.log(
  `load: ${String(CLIENTS)} clients for ${String(SECONDS)} s against 2 web processes and 2 workers`,
);
await runTraffic(stack, seeded, { clients: CLIENTS, durationMs: 5_000 }); // warm-up, not reported
// Each route's own cost first: one client, nothing else running (the service time under no load).
const alone = await runTraffic(stack, seeded, { clients: 1, durationMs: 15_000 });
console.log('load: one client alone (service time without queueing):');
for (const line of routeTable(alone)) console.log(line);
const cpuBefore = cpuByPart(stack);
const traffic = await runTraffic(stack, seeded, {
  clients: CLIENTS,
  durationMs: SECONDS * 1000,
  onTick: (() => {
    let last = 0;
    return (elapsed: number) => {
      if (elapsed - last < 10_000) return;
      last = elapsed;
      console.log(
        `load: ${String(Math.round(elapsed / 1000))} s of ${String(SECONDS)}, about ${String(Math.round(SECONDS - elapsed / 1000))} s left`,
      );
    };
  })(),
});
const cpuAfter = cpuByPart(stack);
for (const line of routeTable(traffic)) console.log(line);
console.log(
  `load: CPU seconds over the run (2 cores × ${String(SECONDS)} s = ${String(2 * SECONDS)}): ${Object.entries(
    cpuAfter,
  )
    .map(([part, s]) => `${part} ${(s - (cpuBefore[part] ?? 0)).toFixed(1)}`)
    .join(', ')}`,
);
/** A run's requests, rate, errors and the read route with the highest p95. */
const summaryOf = (run: typeof traffic) => {
  const routes = [...run.routes];
  const count = routes.reduce((n, [, r]) => n + r.samples.length, 0);
  const worst = routes
    .filter(([route]) => route.startsWith('GET'))
    .reduce(
      (most, [route, r]) => {
        const p95 = percentile(r.samples, 95);
        return p95 > most.p95 ? { route, p95 } : most;
      },
      { route: '', p95: 0 },
    );
  return {
    count,
    rate: (count / (run.durationMs / 1000)).toFixed(1),
    errors: routes.reduce((n, [, r]) => n + r.errors, 0),
    worst: `worst read p95 ${worst.p95.toFixed(1)} ms (${worst.route}): ${worst.p95 < 500 ? 'under' : 'OVER'} 500 ms`,
  };
};
const closed = summaryOf(traffic);
console.log(
  `load: ${String(closed.count)} requests, ${closed.rate} req/s, ${String(closed.errors)} errors, ${String(traffic.fiveHundreds)} 5xx, ${String(traffic.cuts.length)} cut`,
);
console.log(
  `load: closed loop (${String(CLIENTS)} requests always in flight): ${closed.worst}; errors goal 0: ${closed.errors === 0 ? 'met' : 'NOT met'}`,
);
console.log(
  `load: peak RSS (MB) ${Object.entries(stack.peaks())
    .map(([name, mb]) => `${name} ${mb.toFixed(0)}`)
    .join(', ')}`,
);

// Paced: the same mix started at a fixed rate, to find what the stack holds with every read's
// p95 under 500 ms (the closed loop above runs at whatever rate the stack gives).
for (const rate of RATES) {
  const paced = await runTraffic(stack, seeded, {
    clients: CLIENTS,
    durationMs: PACED_SECONDS * 1000,
    rate,
  });
  const run = summaryOf(paced);
  console.log(
    `paced: ${String(rate)} actions/s for ${String(PACED_SECONDS)} s: ${run.rate} req/s, ${String(paced.late)} actions late, ${String(run.errors)} errors; ${run.worst}`,
  );
  for (const line of routeTable(paced)) console.log(`  ${line}`);
}

// The floor, in the same run: the same client against Express's hello world, and the raw driver.
const hello = spawn(process.execPath, ['bench/hello-world.ts'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
process.once('exit', () => hello.kill('SIGKILL'));
const helloPort = await new Promise<number>((resolve) => {
  createInterface({ input: hello.stdout }).on('line', (line) => {
    const port = /listening (\d+)/.exec(line)?.[1];
    if (port) resolve(Number(port));
  });
});
const closedLoop = async (task: () => Promise<unknown>, seconds: number) => {
  const samples: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < deadline) {
        const started = performance.now();
        await task();
        samples.push(performance.now() - started);
      }
    }),
  );
  return {
    rate: samples.length / seconds,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    p99: percentile(samples, 99),
  };
};
const helloRun = await closedLoop(
  () => fetch(`http://127.0.0.1:${String(helloPort)}/`).then((r) => r.text()),
  10,
);
hello.kill('SIGTERM');
let i = 0;
const rawRun = await closedLoop(
  () =>
    RequestModel.collection.findOne({
      ref: seeded.publishedRefs[(i += 1) % seeded.publishedRefs.length],
    }),
  10,
);
const page = traffic.routes.get('GET /requests/:ref (published)');
console.log(
  `floor: Express hello world ${helloRun.rate.toFixed(0)} req/s, p50 ${helloRun.p50.toFixed(1)} ms, p95 ${helloRun.p95.toFixed(1)} ms, p99 ${helloRun.p99.toFixed(1)} ms (one process, ${String(CLIENTS)} clients)`,
);
console.log(
  `floor: raw driver findOne by ref ${rawRun.rate.toFixed(0)} /s, p50 ${rawRun.p50.toFixed(1)} ms, p95 ${rawRun.p95.toFixed(1)} ms, p99 ${rawRun.p99.toFixed(1)} ms`,
);
if (page)
  console.log(
    `ratio: a published request's page p95 ${percentile(page.samples, 95).toFixed(1)} ms = ${(percentile(page.samples, 95) / helloRun.p95).toFixed(1)}× hello world's p95, ${(percentile(page.samples, 95) / rawRun.p95).toFixed(1)}× the raw read's`,
  );
// What one request costs in storage, for the sizing in docs/deploying.md: the requests filed in
// the run (through the app), their events, notifications and rollups, as BSON.
const db = connectedDb();
const filedIds = (
  await RequestModel.find({ ref: mongoose.trusted({ $in: traffic.filed }) }, { _id: 1 }).lean()
).map((r) => r._id);
const sizeOf = async (name: string, filter: object) => {
  const docs = await db.collection(name).find(filter).limit(2_000).toArray();
  const bytes = docs.reduce((sum, doc) => sum + BSON.calculateObjectSize(doc), 0);
  return {
    count: await db.collection(name).countDocuments(filter),
    mean: docs.length ? bytes / docs.length : 0,
  };
};
const requests = await sizeOf('requests', { _id: mongoose.trusted({ $in: filedIds }) });
const events = await sizeOf('request_events', { requestId: mongoose.trusted({ $in: filedIds }) });
const notifications = await sizeOf('notifications', {});
const rollups = await sizeOf('stats_rollups', {});
console.log(
  `storage: a request ${requests.mean.toFixed(0)} B; ${(events.count / Math.max(1, requests.count)).toFixed(1)} events per request of this run, ${events.mean.toFixed(0)} B each; ${String(notifications.count)} notification keys (${notifications.mean.toFixed(0)} B each) for ${String(requests.count)} requests; ${String(rollups.count)} agency-day rollups of ${rollups.mean.toFixed(0)} B`,
);
await sleep(100);
await stack.stop();
process.exit(0);
