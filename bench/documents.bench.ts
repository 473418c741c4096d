// GridFS chunk size on this engine: storing and reading back a 10 MB document in
// 255 KiB chunks (GridFS's default, what the app uses) beside 64 KiB chunks, in
// the same run, rounds interleaved (15 each, or BENCH_ROUNDS).
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import mongoose, { Types } from 'mongoose';
import { loadConfig } from '../src/config.ts';
import { withDatabase } from '../test/support/test-env.ts';
import { percentile, row } from './bench-support.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const config = loadConfig();
await mongoose.connect(withDatabase(config.MONGODB_URI, 'haqq_bench_documents'));
await mongoose.connection.dropDatabase();
const db = mongoose.connection.db;
if (!db) throw new Error('not connected');
const bytes = randomBytes(10 * 1024 * 1024);
const sizes = { default: 255 * 1024, small: 64 * 1024 };
const times: Record<keyof typeof sizes, { up: number[]; down: number[] }> = {
  default: { up: [], down: [] },
  small: { up: [], down: [] },
};

for (let round = 0; round < ROUNDS; round += 1) {
  for (const [name, chunkSizeBytes] of Object.entries(sizes) as [keyof typeof sizes, number][]) {
    const bucket = new mongoose.mongo.GridFSBucket(db, { bucketName: name, chunkSizeBytes });
    const id = new Types.ObjectId();
    let started = performance.now();
    await pipeline(Readable.from([bytes]), bucket.openUploadStreamWithId(id, 'document.pdf'));
    times[name].up.push(performance.now() - started);
    started = performance.now();
    let read = 0;
    for await (const chunk of bucket.openDownloadStream(id)) read += (chunk as Buffer).length;
    times[name].down.push(performance.now() - started);
    if (read !== bytes.length) throw new Error(`read ${read} of ${bytes.length} bytes`);
  }
}
const p50 = (samples: number[]) => percentile(samples, 50);
console.log(row('store 10 MB, 255 KiB chunks (default), p50', p50(times.default.up), 'ms', 0));
console.log(row('store 10 MB, 64 KiB chunks, p50', p50(times.small.up), 'ms', 0));
console.log(row('read 10 MB, 255 KiB chunks (default), p50', p50(times.default.down), 'ms', 0));
console.log(row('read 10 MB, 64 KiB chunks, p50', p50(times.small.down), 'ms', 0));
console.log(
  row('ratio store default / 64 KiB', p50(times.default.up) / p50(times.small.up), '×', 2),
);
console.log(
  row('ratio read default / 64 KiB', p50(times.default.down) / p50(times.small.down), '×', 2),
);
await mongoose.connection.dropDatabase();
await mongoose.disconnect();
