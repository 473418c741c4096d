// Uploads are checked before their body is read and
// streamed into GridFS. 40 concurrent anonymous 10 MB uploads (refused before
// the body is read), then 16 concurrent signed-in 10 MB uploads (streamed),
// against the web process of `npm start`; its RSS before and at its peak after
// each phase, beside the raw GridFS write of the same bytes through the driver.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import mongoose, { Types } from 'mongoose';
import { loadConfig } from '../src/config.ts';
import '../src/models.ts';
import { RequestModel } from '../src/requests/request-model.ts';
import { hashPassword } from '../src/users/password.ts';
import { UserModel } from '../src/users/user-model.ts';
import { openBenchDatabase, row, seedBenchAgencies, startWebProcess } from './bench-support.ts';

const ANONYMOUS = 40;
const SIGNED_IN = 16;
const PASSWORD = 'bench password that is long enough';
const bytes = randomBytes(10 * 1024 * 1024 - 1024);
// Its type is told from its first bytes: a PDF's.
bytes.write('%PDF-1.4\n', 0, 'latin1');

const config = loadConfig();
const uri = await openBenchDatabase(config.MONGODB_URI, 'haqq_bench_uploads');
const [agency = ''] = await seedBenchAgencies('U', 1);
const [citizen] = await UserModel.insertMany([
  {
    email: 'uploader@bench.example.org',
    name: 'Uploader',
    passwordHash: await hashPassword(PASSWORD),
    roles: ['citizen'],
    emailVerifiedAt: new Date(),
  },
]);
const now = new Date();
await RequestModel.create({
  ref: 'JO-2026-000001',
  jurisdiction: 'JO',
  agency,
  requester: { user: citizen!._id, name: 'Uploader', email: 'uploader@bench.example.org' },
  subject: 'Uploads',
  body: 'A request to attach documents to.',
  language: 'en',
  visibility: 'public',
  status: 'submitted',
  rulesVersion: 'JO-2024',
  urgent: false,
  receivedAt: now,
  dueAt: new Date(now.getTime() + 30 * 86_400_000),
  originalDueAt: new Date(now.getTime() + 30 * 86_400_000),
  version: 1,
});

// Raw GridFS writes of the same bytes, SIGNED_IN at once: the baseline.
const db = mongoose.connection.db!;
const bucket = new mongoose.mongo.GridFSBucket(db, { bucketName: 'raw' });
let started = performance.now();
await Promise.all(
  Array.from({ length: SIGNED_IN }, () =>
    pipeline(
      Readable.from([bytes]),
      bucket.openUploadStreamWithId(new Types.ObjectId(), 'raw.txt'),
    ),
  ),
);
const rawMbPerSecond =
  (SIGNED_IN * bytes.length) / 1048576 / ((performance.now() - started) / 1000);

const web = await startWebProcess(uri, config.REDIS_URL);
const url = `${web.base}/api/v1/requests/JO-2026-000001/documents`;
const post = async (headers: Record<string, string>) => {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'scan.pdf');
  try {
    return (await fetch(url, { method: 'POST', body: form, headers })).status;
  } catch {
    // The server answered and closed before the body was sent.
    return 0;
  }
};
const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

const ready = web.memory();
started = performance.now();
const anonymous = await Promise.all(Array.from({ length: ANONYMOUS }, () => post({})));
const anonymousMs = performance.now() - started;
const afterAnonymous = web.memory();

const session = await web.signIn('uploader@bench.example.org', PASSWORD);
started = performance.now();
const signedIn = await Promise.all(
  Array.from({ length: SIGNED_IN }, () =>
    post({ cookie: session.cookie, 'x-csrf-token': session.csrf }),
  ),
);
const seconds = (performance.now() - started) / 1000;
const afterSignedIn = web.memory();
await web.stop();
const stored = await db.collection('documents.files').countDocuments();
await mongoose.disconnect();

console.log(row('web process RSS when ready', ready.rssMb, 'MB'));
console.log(
  row(
    `${String(ANONYMOUS)} anonymous 10 MB uploads: refused (401 or closed)`,
    count(anonymous, 401) + count(anonymous, 0),
    '',
    0,
  ),
);
console.log(row('  all answered in', anonymousMs, 'ms', 0));
console.log(row('  web process peak RSS after them', afterAnonymous.peakMb, 'MB'));
console.log(
  row(`${String(SIGNED_IN)} signed-in 10 MB uploads: stored (201)`, count(signedIn, 201), '', 0),
);
console.log(row('  documents in GridFS', stored, '', 0));
console.log(
  row('  through the web process', (SIGNED_IN * bytes.length) / 1048576 / seconds, 'MB/s'),
);
console.log(row('  raw GridFS writes, same concurrency', rawMbPerSecond, 'MB/s'));
console.log(
  row('  ratio web / raw', (SIGNED_IN * bytes.length) / 1048576 / seconds / rawMbPerSecond, '×', 2),
);
console.log(row('  web process peak RSS after them', afterSignedIn.peakMb, 'MB'));
if (count(signedIn, 201) !== SIGNED_IN || stored !== SIGNED_IN) process.exitCode = 1;
