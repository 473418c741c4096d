// A ref (one atomic `$inc` of the jurisdiction-year's counter) and an insert
// under the unique ref index, beside a raw insertOne at the same concurrency, on
// the same server in the same run.
import mongoose, { Schema } from 'mongoose';
import { loadConfig } from '../src/config.ts';
import { nextRef } from '../src/requests/ref-counter.ts';
import { withDatabase } from '../test/support/test-env.ts';
import { peakRssMb, rate, row } from './bench-support.ts';

const TOTAL = Number(process.env.BENCH_TOTAL ?? 2_000);
const CONCURRENCY = 20;

const config = loadConfig();
await mongoose.connect(withDatabase(config.MONGODB_URI, 'haqq_bench_refs'));
await mongoose.connection.dropDatabase();
const claimSchema = new Schema({ ref: String }, { collection: 'claims' });
claimSchema.index({ ref: 1 }, { unique: true });
const Claim = mongoose.model('Claim', claimSchema);
await Claim.createIndexes();
const raw = mongoose.connection.collection('raw');

const rawRate = await rate(TOTAL, CONCURRENCY, (i) => raw.insertOne({ ref: `raw-${i}` }));
const refRate = await rate(TOTAL, CONCURRENCY, async () =>
  Claim.create({ ref: await nextRef('JO', 2026) }),
);
const refs = await Claim.countDocuments();

console.log(row(`raw insertOne, ${CONCURRENCY} concurrent`, rawRate, 'ops/s'));
console.log(row(`nextRef + insert, ${CONCURRENCY} concurrent`, refRate, 'refs/s'));
console.log(row('ratio nextRef + insert / raw insert', refRate / rawRate, '×', 2));
console.log(row('unique refs written', refs, `of ${TOTAL}`, 0));
console.log(row('peak RSS', peakRssMb(), 'MB'));
await mongoose.connection.dropDatabase();
await mongoose.disconnect();
