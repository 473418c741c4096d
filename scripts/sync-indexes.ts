// `npm run indexes:sync [-- --apply]`: the indexes of the database against those the
// models declare. Boot creates missing indexes, never drops one; an index a release
// no longer declares still costs every write until it is dropped here. Without
// --apply it only lists what it would drop and create.
import { parseArgs } from 'node:util';
import mongoose from 'mongoose';
import { boot } from '../src/boot.ts';
import { disconnectMongo } from '../src/platform/mongo.ts';

const { values } = parseArgs({ options: { apply: { type: 'boolean', default: false } } });
await boot('indexes-sync');
let changes = 0;
for (const model of Object.values(mongoose.models)) {
  const { toDrop, toCreate } = await model.diffIndexes();
  for (const name of toDrop) console.log(`${model.collection.collectionName}: drop ${name}`);
  for (const spec of toCreate)
    console.log(`${model.collection.collectionName}: create ${JSON.stringify(spec)}`);
  changes += toDrop.length + toCreate.length;
  if (values.apply && toDrop.length + toCreate.length > 0) await model.syncIndexes();
}
console.log(
  changes === 0
    ? 'indexes: in step with the models'
    : values.apply
      ? `indexes: ${String(changes)} changes applied`
      : `indexes: ${String(changes)} changes; run with --apply to make them`,
);
await disconnectMongo();
