// A separate process allocating refs, for the cross-process race of the ref counter:
// `node allocate-refs.ts <mongodb-uri> <count> <concurrency>` prints the refs as JSON.
import mongoose, { Schema } from 'mongoose';
import { allocateRef } from '../../src/requests/ref-counter.ts';

const [uri, count, concurrency] = process.argv.slice(2);
await mongoose.connect(uri!);
const claimSchema = new Schema({ ref: String }, { collection: 'ref_claims' });
const Claim = mongoose.model('RefClaim', claimSchema);
const refs: string[] = [];
let left = Number(count);
await Promise.all(
  Array.from({ length: Number(concurrency) }, async () => {
    while (left > 0) {
      left -= 1;
      refs.push(
        await allocateRef('MA', 2026, async (ref) => (await Claim.create({ ref })).ref ?? ''),
      );
    }
  }),
);
console.log(JSON.stringify(refs));
await mongoose.disconnect();
