import type mongoose from 'mongoose';

/**
 * A staging collection for `model`'s: documents are written into it in
 * batches as they come, then `swap` moves it over the collection with its
 * indexes, in one atomic `renameCollection` with `dropTarget`: readers see
 * the old collection or the new, never neither.
 */
export async function openStaging(model: mongoose.Model<never>) {
  const db = model.db.db;
  if (!db) throw new Error('not connected');
  const target = model.collection.collectionName;
  const name = `${target}_rebuild`;
  await db.dropCollection(name).catch(() => undefined);
  const staging = db.collection<{ _id: string }>(name);
  let batch: { _id: string }[] = [];
  const flush = async () => {
    if (batch.length > 0) await staging.insertMany(batch, { ordered: false });
    batch = [];
  };
  return {
    async add(doc: { _id: string }) {
      batch.push(doc);
      if (batch.length === 1_000) await flush();
    },
    async swap() {
      await flush();
      await staging.createIndexes(
        model.schema.indexes().map(([key]) => ({ key: key as Record<string, 1 | -1> })),
      );
      await staging.rename(target, { dropTarget: true });
    },
  };
}

/** Replaces `model`'s collection with `docs` (openStaging). */
export async function replaceCollection(
  model: mongoose.Model<never>,
  docs: Iterable<{ _id: string }>,
) {
  const staging = await openStaging(model);
  for (const doc of docs) await staging.add(doc);
  await staging.swap();
}
