import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import mongoose from 'mongoose';
import { RequestEventModel } from '../requests/request-event-model.ts';
import { tableStages } from '../stats/table-export.ts';
import { openDataText, writtenRowColumns } from './open-data-columns.ts';
import { gridBucket } from '../platform/mongo.ts';
import { publishedAmong } from '../requests/request-reads.ts';

/**
 * The open-data snapshots in GridFS (`<day>/<dataset>`): made on the first
 * download of the day, kept KEEP_DAYS days, and rewritten when what they hold
 * must no longer be public (refreshSnapshots): a request taken down or made
 * private leaves them all, and a subject redacted again by new rules is
 * written anew in each.
 */

/** Snapshots are kept this many days, then deleted. */
const KEEP_DAYS = 30;
/**
 * A snapshot replaced or withdrawn is no longer served, but its bytes stay this
 * long, so that a download already under way ends whole instead of being cut.
 */
const SUPERSEDED_KEEP_MS = 10 * 60_000;
/** What is served: complete, and not replaced or withdrawn. */
const LIVE = { 'metadata.complete': true, 'metadata.superseded': { $ne: true } };
const BUCKET = 'open_data';
/** The datasets that list requests: rewritten by refreshSnapshots. */
const REQUEST_DATASETS = ['requests.json', 'requests.csv'];
const BATCH = 500;

export interface Snapshot {
  _id: mongoose.Types.ObjectId;
  filename: string;
  length: number;
  uploadDate: Date;
  metadata?: { sha256?: string; complete?: boolean };
}

export const snapshotBucket = () => gridBucket(BUCKET);

/** The complete snapshot of `filename` (`<day>/<dataset>`), if there is one. */
export async function findSnapshot(filename: string): Promise<Snapshot | undefined> {
  return (
    (await snapshotBucket()
      .find({ filename, ...LIVE })
      .sort({ uploadDate: -1 })
      .limit(1)
      .toArray()) as Snapshot[]
  )[0];
}

/**
 * Writes `filename` from the stream stages `build` gives (hashed for its
 * ETag, marked complete at the end) and withdraws the copies it replaces.
 */
export async function writeSnapshot(
  filename: string,
  build: () => [NodeJS.ReadableStream, ...NodeJS.ReadWriteStream[]],
): Promise<Snapshot> {
  const files = snapshotBucket();
  const before = (await files.find({ filename, ...LIVE }).toArray()).map((file) => file._id);
  const hash = createHash('sha256');
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const upload = files.openUploadStream(filename, { metadata: { complete: false } });
  await pipeline([...build(), hashing, upload]);
  const sha256 = hash.digest('hex');
  await mongoose.connection
    .collection(`${BUCKET}.files`)
    .updateOne(
      { _id: upload.id },
      { $set: { 'metadata.sha256': sha256, 'metadata.complete': true } },
    );
  await withdraw(before);
  return {
    _id: upload.id,
    filename,
    length: upload.length,
    uploadDate: new Date(),
    metadata: { sha256, complete: true },
  };
}

/** Stops serving these snapshots (downloads under way end whole); deleteOldSnapshots deletes them. */
async function withdraw(ids: readonly mongoose.Types.ObjectId[]): Promise<void> {
  if (ids.length === 0) return;
  await mongoose.connection
    .collection(`${BUCKET}.files`)
    .updateMany(
      { _id: { $in: [...ids] } },
      { $set: { 'metadata.superseded': true, 'metadata.supersededAt': new Date() } },
    );
}

/** Deletes, with their chunks, the snapshots past their keeping and those withdrawn a while ago. */
export async function deleteOldSnapshots(now: Date): Promise<void> {
  const files = snapshotBucket();
  const old = await files
    .find({
      $or: [
        { uploadDate: { $lt: new Date(now.getTime() - KEEP_DAYS * 86_400_000) } },
        { 'metadata.supersededAt': { $lt: new Date(now.getTime() - SUPERSEDED_KEEP_MS) } },
      ],
    })
    .toArray();
  for (const file of old) await files.delete(file._id);
}

/** The snapshots kept, newest first, for the page. */
export async function listSnapshots(): Promise<{ day: string; name: string; bytes: number }[]> {
  const files = (await snapshotBucket()
    .find(LIVE)
    .sort({ uploadDate: -1 })
    .limit(200)
    .toArray()) as Snapshot[];
  return files.map((file) => {
    const [dayPart = '', name = ''] = file.filename.split('/');
    return { day: dayPart, name, bytes: file.length };
  });
}

type Row = Record<string, unknown> & { ref: string };

/** The rows of a requests.json snapshot (one object per line, as table-export.ts writes them). */
async function* jsonRows(id: mongoose.Types.ObjectId): AsyncGenerator<Row> {
  const lines = createInterface({ input: snapshotBucket().openDownloadStream(id) });
  for await (const line of lines) {
    const body = line.trim().replace(/,$/, '');
    if (body.startsWith('{')) yield JSON.parse(body) as Row;
  }
}

/**
 * The rows as they may be published today, `BATCH` at a time: a request no
 * longer published (taken down, made private) is left out, and a subject is
 * the one published now. `onChange` hears each row that differs.
 */
async function* publishableRows(rows: AsyncIterable<Row>, onChange: () => void = () => undefined) {
  let batch: Row[] = [];
  async function* flush() {
    const refs = batch.map((row) => row.ref);
    const found = await publishedAmong({ refs }, { ref: 1, 'publicText.subject': 1 });
    const subjects = new Map(found.map((r) => [r.ref, openDataText(r.publicText?.subject)]));
    for (const row of batch) {
      const subject = subjects.get(row.ref);
      if (subject === undefined || row.subject !== subject) onChange();
      if (subject !== undefined) yield { ...row, subject };
    }
    batch = [];
  }
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= BATCH) yield* flush();
  }
  if (batch.length > 0) yield* flush();
}

/** Whether a requests.json snapshot holds a row that may not be published as it is today. */
async function anyChange(id: mongoose.Types.ObjectId): Promise<boolean> {
  const seen = { change: false };
  const rows = publishableRows(jsonRows(id), () => (seen.change = true));
  // Reads a batch at a time and stops at the first batch with a change.
  for (let next = await rows.next(); !next.done && !seen.change; next = await rows.next());
  await rows.return(undefined);
  return seen.change;
}

/**
 * Makes every kept snapshot of the request datasets hold only what may be
 * published today: today's are withdrawn (the next download makes them again);
 * each earlier day's requests.json is read and written again without the
 * requests no longer published and with today's subjects, then its
 * requests.csv from it (`columns`: the CSV's headings). A day whose CSV has
 * no JSON beside it is withdrawn, as it cannot be checked row by row. Returns
 * how many files were rewritten or withdrawn. A file withdrawn is no longer
 * served; its bytes go ten minutes later, so a download under way ends whole.
 */
export async function refreshSnapshots(baseUrl: string, now: Date): Promise<number> {
  const columns = writtenRowColumns(baseUrl);
  const today = now.toISOString().slice(0, 10);
  const files = (await snapshotBucket().find(LIVE).toArray()) as Snapshot[];
  const requestFiles = files.filter((f) =>
    REQUEST_DATASETS.includes(f.filename.split('/')[1] ?? ''),
  );
  let touched = 0;
  const days = new Set(requestFiles.map((f) => f.filename.split('/')[0] ?? ''));
  for (const day of days) {
    const ofDay = requestFiles.filter((f) => f.filename.startsWith(`${day}/`));
    const json = ofDay.find((f) => f.filename.endsWith('.json'));
    if (day === today || !json) {
      await withdraw(ofDay.map((file) => file._id));
      touched += ofDay.length;
      continue;
    }
    if (!(await anyChange(json._id))) continue;
    const rewritten = await writeSnapshot(`${day}/requests.json`, () =>
      tableStages('json', 'en', columns, publishableRows(jsonRows(json._id))),
    );
    await writeSnapshot(`${day}/requests.csv`, () =>
      tableStages('csv', 'en', columns, jsonRows(rewritten._id)),
    );
    touched += 2;
  }
  await deleteOldSnapshots(now);
  return touched;
}

/**
 * Part of reconcile: when a request was taken down in the last day, the
 * snapshots are refreshed again, in case the takedown's own job was lost with
 * Redis (nothing changes when it ran: each day is only read).
 */
export async function refreshAfterRecentTakedowns(baseUrl: string, now: Date): Promise<number> {
  const recent = await RequestEventModel.exists({
    type: 'unpublished',
    at: mongoose.trusted({ $gte: new Date(now.getTime() - 86_400_000) }),
  });
  return recent ? refreshSnapshots(baseUrl, now) : 0;
}
