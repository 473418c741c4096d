// The integration benchmark (issue 19): (a) requests pushed in by a national
// portal (FOIA.gov agency API) against citizens filing through the API, at the
// same concurrency in one run, against one web process (goal: portal ≥ 0.8× of
// filing, as both end in the same recording of a filing); (b) webhook deliveries
// per second with two worker processes, into a local receiver that answers 204,
// every delivery signed. The raw rate is the mean of a run before and one after
// the portal's, as the machine's speed drifts.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { connectRedis } from '../src/platform/redis.ts';
import mongoose, { Types } from 'mongoose';
import { loadConfig } from '../src/config.ts';
import '../src/models.ts';
import { createPortal } from '../src/portals/portal-service.ts';
import { RequestModel } from '../src/requests/request-model.ts';
import { hashPassword } from '../src/users/password.ts';
import { WEBHOOK_JOB } from '../src/webhooks/webhook-delivery.ts';
import { WebhookEndpointModel } from '../src/webhooks/webhook-model.ts';
import { sealSecret } from '../src/webhooks/webhook-secret-box.ts';
import { verifySignature } from '../src/webhooks/webhook-signature.ts';
import { checkAnswer, checkJsonAnswer, printFigures } from './answer-checks.ts';
import {
  childPeakRssMb,
  openBenchDatabase,
  rate,
  row,
  seedBenchAgencies,
  seedBenchUsers,
  startWebProcess,
  startWorkerProcess,
} from './bench-support.ts';

const CONCURRENCY = 20;
const FILINGS = Number(process.env.BENCH_FILINGS ?? 1_000);
const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 2_000);
const PASSWORD = 'bench password that is long enough';
/** The secret bench-support gives its worker processes (their SESSION_SECRET). */
const WORKER_SECRET = 'bench-only-secret-that-is-long-enough-to-pass';

const config = loadConfig();
const uri = await openBenchDatabase(config.MONGODB_URI, 'haqq_bench_integration');
const agencies = await seedBenchAgencies('I', 5);
const hash = await hashPassword(PASSWORD);
const citizens = await seedBenchUsers('citizen', CONCURRENCY, hash);
const { secret } = await createPortal({ name: 'Bench portal', agencies: [] }, null);

const web = await startWebProcess(uri, config.REDIS_URL, { FILINGS_PER_HOUR: '1000000' });
const sessions: { cookie: string; csrf: string }[] = [];
for (const c of citizens) sessions.push(await web.signIn(c.email, PASSWORD));

const description = (i: number) =>
  `أرجو تزويدي بعقود صيانة المستشفيات الحكومية لعام 2025، الدفعة ${String(i)}، مع المبالغ المدفوعة.`;
const fileAsCitizen = async (i: number) => {
  const session = sessions[i % CONCURRENCY]!;
  const res = await fetch(`${web.base}/api/v1/requests`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: session.cookie,
      'x-csrf-token': session.csrf,
    },
    body: JSON.stringify({
      jurisdiction: 'JO',
      agency: agencies[i % agencies.length],
      subject: `عقود الصيانة ${String(i)}`,
      body: description(i),
      visibility: 'private',
    }),
  });
  await checkJsonAnswer('POST /api/v1/requests', res, 201, 'ref');
};
let portalRun = 0;
const pushFromPortal = async (i: number) => {
  const res = await fetch(
    `${web.base}/api/portal/components/${agencies[i % agencies.length]!}/requests`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'FOIA-API-SECRET': secret },
      body: JSON.stringify({
        version: '1.1.0',
        request_id: `${String(portalRun)}-${String(i)}`,
        agency: 'وزارة',
        agency_component_name: 'مديرية',
        name_first: 'سامي',
        name_last: 'الخطيب',
        email: `sami${String(i)}@example.org`,
        request_description: description(i),
        expedited_processing: 'no',
        fee_waiver: 'no',
      }),
    },
  );
  await checkJsonAnswer('POST /api/portal/…/requests', res, 200, 'status_tracking_number');
};

// Warm up both paths (untimed).
await rate(100, CONCURRENCY, fileAsCitizen);
portalRun = 1;
await rate(100, CONCURRENCY, pushFromPortal);
console.log(`filing ${String(FILINGS)} requests each way, ${String(CONCURRENCY)} at once …`);
const rawBefore = await rate(FILINGS, CONCURRENCY, fileAsCitizen);
portalRun = 2;
const portalRate = await rate(FILINGS, CONCURRENCY, pushFromPortal);
const rawAfter = await rate(FILINGS, CONCURRENCY, fileAsCitizen);
const rawRate = (rawBefore + rawAfter) / 2;
await web.stop();

const figures: string[] = [];
figures.push(`\nintake (${String(CONCURRENCY)} at once, one web process)`);
figures.push(row('citizens filing through the API (mean of two runs)', rawRate, 'requests/s'));
figures.push(row('  first run / second run', rawBefore, `/ ${rawAfter.toFixed(1)}`));
figures.push(row('portal intake (FOIA.gov agency API)', portalRate, 'requests/s'));
figures.push(row('ratio portal / filing (goal ≥ 0.8)', portalRate / rawRate, '×', 2));

// --- (b) webhook deliveries, two worker processes, a receiver answering 204
let received = 0;
const ids = new Set<string>();
const endpointSecret = 'whsec_bench';
const receiver = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const raw = Buffer.concat(chunks).toString('utf8');
    const header = req.headers['haqq-signature'];
    if (
      !verifySignature(Array.isArray(header) ? header[0] : header, raw, endpointSecret, new Date())
    )
      checkAnswer('webhook delivery', 'the signature does not verify');
    ids.add((JSON.parse(raw) as { id: string }).id);
    received += 1;
    res.statusCode = 204;
    res.end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const { port } = receiver.address() as AddressInfo;
const endpoint = await WebhookEndpointModel.create({
  agency: agencies[0],
  url: `http://127.0.0.1:${String(port)}/hook`,
  events: ['submitted'],
  secretBox: sealSecret(endpointSecret, WORKER_SECRET),
  createdBy: new Types.ObjectId(),
});
const filed = await RequestModel.find({}, { _id: 1 }).limit(DELIVERIES).lean();
const prefix = `benchwh${String(Date.now())}`;
const connection = connectRedis(config.REDIS_URL, { maxRetriesPerRequest: null });
const queue = new Queue('webhooks', { connection, prefix });
await WEBHOOK_JOB.addBulk(
  { webhooks: queue },
  filed.map((request) => ({
    data: { endpoint: endpoint._id.toString(), requestId: request._id.toString(), seq: 1 },
    opts: { jobId: `wh_${endpoint._id.toString()}_${request._id.toString()}`, attempts: 3 },
  })),
);
console.log(`\ndelivering ${String(filed.length)} webhooks with two worker processes …`);
const started = performance.now();
// The receiver is on this machine, over HTTP: only a development worker may reach it
// (WEBHOOK_ALLOW_LOOPBACK is refused in production).
const loopback = { NODE_ENV: 'development', WEBHOOK_ALLOW_LOOPBACK: 'true' };
const workers = await Promise.all([
  startWorkerProcess(uri, prefix, config.SMTP_URL, loopback),
  startWorkerProcess(uri, prefix, config.SMTP_URL, loopback),
]);
while (received < filed.length) {
  await new Promise((resolve) => setTimeout(resolve, 50));
  if (performance.now() - started > 300_000) throw new Error('deliveries did not finish');
}
const seconds = (performance.now() - started) / 1000;
const peaks = workers.map(childPeakRssMb);
for (const worker of workers) worker.kill('SIGTERM');
checkAnswer(
  'webhook deliveries',
  ids.size === received ? null : `${String(received - ids.size)} repeated event ids`,
);
figures.push(
  row('webhook deliveries (two workers, from their start)', filed.length / seconds, 'deliveries/s'),
);
figures.push(row('distinct event ids / deliveries', ids.size, `/ ${String(received)}`, 0));
figures.push(row('worker peak RSS', Math.max(...peaks), 'MB'));

await queue.obliterate({ force: true });
await queue.close();
await connection.quit();
receiver.close();
await mongoose.connection.dropDatabase();
await mongoose.disconnect();
if (!printFigures(figures) || portalRate / rawRate < 0.8) process.exit(1);
