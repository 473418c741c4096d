// A separate process taking refs, for the cross-process race of the ref counter:
// `node allocate-refs.ts <mongodb-uri> <count> <concurrency>` prints the refs as JSON.
import mongoose from 'mongoose';
import { nextRef } from '../../src/requests/ref-counter.ts';

const [uri, count, concurrency] = process.argv.slice(2);
await mongoose.connect(uri!);
const refs: string[] = [];
let left = Number(count);
await Promise.all(
  Array.from({ length: Number(concurrency) }, async () => {
    while (left > 0) {
      left -= 1;
      refs.push(await nextRef('MA', 2026));
    }
  }),
);
console.log(JSON.stringify(refs));
await mongoose.disconnect();
