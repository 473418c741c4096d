/** How many times a rebuild reads again when its sources changed while it wrote. */
const MAX_ROUNDS = 5;

/** For tests of concurrent rebuilds: what to await between a rebuild's read and its write. */
export interface RebuildHooks {
  afterRead?: () => Promise<void>;
}

/**
 * Rebuilds a derived document from its sources until they hold still: read,
 * write what follows from them, read again, and start over when another
 * writer changed them meanwhile (compared by `fingerprint`). Two rebuilds of
 * one document may run at once (an event each): the one that read first
 * could write last and leave figures older than its sources; this way the
 * last write is always of sources as they stood after it.
 */
export async function rebuildUntilSteady<T>(
  read: () => Promise<T>,
  write: (sources: T) => Promise<void>,
  fingerprint: (sources: T) => string,
  hooks: RebuildHooks = {},
): Promise<void> {
  for (let round = 1; ; round += 1) {
    const sources = await read();
    await hooks.afterRead?.();
    await write(sources);
    if (fingerprint(await read()) === fingerprint(sources) || round === MAX_ROUNDS) return;
  }
}

/** A collection of derived documents, written whole by key. */
interface DerivedModel {
  deleteOne(filter: { _id: string }): PromiseLike<unknown>;
  updateOne(
    filter: { _id: string },
    update: { $set: Record<string, unknown> },
    options: { upsert: true },
  ): PromiseLike<unknown>;
}

/** Writes a derived document whole (`$set`, upserted), or deletes it when nothing is left (null). */
export async function replaceDerived(
  model: DerivedModel,
  id: string,
  fields: Record<string, unknown> | null,
): Promise<void> {
  if (fields === null) await model.deleteOne({ _id: id });
  else await model.updateOne({ _id: id }, { $set: fields }, { upsert: true });
}

/**
 * Rebuilds one agency-month as the sum of its days (31 at most, read by
 * `{agency, day}`): `sum` gives the month's fields from its days (none: it
 * is deleted), each write checked like every rebuild (rebuildUntilSteady).
 */
export async function rebuildMonthOfDays<D>(
  readDays: () => PromiseLike<D[]>,
  month: { model: DerivedModel; id: string },
  sum: (days: D[]) => Record<string, unknown>,
  hooks: RebuildHooks = {},
): Promise<void> {
  await rebuildUntilSteady(
    async () => readDays(),
    (days) => replaceDerived(month.model, month.id, days.length === 0 ? null : sum(days)),
    (days) => JSON.stringify(days),
    hooks,
  );
}
