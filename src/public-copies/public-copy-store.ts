import { pipeline } from 'node:stream/promises';
import mongoose, { Schema, Types } from 'mongoose';
import { gridBucket } from '../platform/mongo.ts';
import { indexPages, unindexPages } from './copy-page-index.ts';
import { removePreviews } from './copy-previews.ts';
import type { CopyAdjustments, CopyPage } from './page-types.ts';

const BUCKET = 'public_copies';

/** Where a released document's public copy stands. */
type PublicCopyStatus = 'preparing' | 'ready' | 'private';

/** One page of a public copy, as stored. */
export type PublicCopyPageRecord = CopyPage;

/** The redaction log: what happened to the copy, when, by whom (null: the rules, the workers). */
interface CopyLogEntry {
  at: Date;
  by: Types.ObjectId | null;
  action: 'prepared' | 'changed' | 'published' | 'kept_private';
  /** Why it stays private (kept_private). */
  detail: string | null;
  /** What a change did (changed): boxes left visible, words hidden, boxes drawn. */
  counts?: { lifted: number; words: number; drawn: number };
}

export interface PublicCopyRecord {
  _id: Types.ObjectId;
  document: Types.ObjectId;
  request: Types.ObjectId;
  status: PublicCopyStatus;
  /** Why the document stays private (UnreadableReason, `unsupported` or `failed`). */
  reason: string | null;
  /** Whether the public may read it (a ready copy may wait for an officer's review). */
  published: boolean;
  pagesDone: number;
  pagesTotal: number;
  pages: PublicCopyPageRecord[];
  adjustments: CopyAdjustments;
  log: CopyLogEntry[];
  /** The redaction rules' version that made it. */
  rules: string;
  /** The public PDF in GridFS; null until ready. */
  file: Types.ObjectId | null;
  /** A spreadsheet's sheets as redacted CSV files in GridFS. */
  sheets: Array<{ n: number; name: string | null; file: Types.ObjectId; hidden: number }>;
  updatedAt: Date;
}

const NO_ADJUSTMENTS: CopyAdjustments = { lifted: [], words: [], added: [] };

const publicCopySchema = new Schema(
  {
    document: { type: Schema.Types.ObjectId, required: true },
    request: { type: Schema.Types.ObjectId, required: true },
    status: { type: String, enum: ['preparing', 'ready', 'private'], required: true },
    reason: { type: String, default: null },
    published: { type: Boolean, default: false },
    pagesDone: { type: Number, default: 0 },
    pagesTotal: { type: Number, default: 0 },
    pages: { type: [Schema.Types.Mixed], default: [] },
    adjustments: { type: Schema.Types.Mixed, default: () => ({ ...NO_ADJUSTMENTS }) },
    log: { type: [Schema.Types.Mixed], default: [] },
    rules: { type: String, required: true },
    file: { type: Schema.Types.ObjectId, default: null },
    sheets: { type: [Schema.Types.Mixed], default: [] },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'public_copies', versionKey: false },
);
publicCopySchema.index({ document: 1 }, { unique: true });
publicCopySchema.index({ request: 1 });
const PublicCopyModel = mongoose.model('PublicCopy', publicCopySchema);

const bucket = () => gridBucket(BUCKET);

/** The public copies of a request's documents. */
export function publicCopiesOf(request: Types.ObjectId): Promise<PublicCopyRecord[]> {
  return PublicCopyModel.find({ request }).lean<PublicCopyRecord[]>();
}

/** The public copies of these documents (search's hits), by document id. */
export async function publicCopiesOfDocuments(
  documents: readonly Types.ObjectId[],
): Promise<Map<string, PublicCopyRecord>> {
  const copies = await PublicCopyModel.find({
    document: mongoose.trusted({ $in: [...documents] }),
  }).lean<PublicCopyRecord[]>();
  return new Map(copies.map((copy) => [copy.document.toString(), copy]));
}

/** One document's public copy, or null. */
export function publicCopyOf(document: Types.ObjectId): Promise<PublicCopyRecord | null> {
  return PublicCopyModel.findOne({ document }).lean<PublicCopyRecord>();
}

/** Marks a copy as being prepared (a new one, or one made again), its old file kept until replaced. */
export async function startCopy(
  request: Types.ObjectId,
  document: Types.ObjectId,
  rules: string,
  now: Date,
): Promise<void> {
  await PublicCopyModel.updateOne(
    { document },
    {
      $set: { request, status: 'preparing', reason: null, pagesDone: 0, rules, updatedAt: now },
      $setOnInsert: {
        pagesTotal: 0,
        pages: [],
        file: null,
        published: false,
        adjustments: NO_ADJUSTMENTS,
        log: [],
      },
    },
    { upsert: true },
  );
}

/** The pages done so far, for the officer's progress. */
export async function recordProgress(document: Types.ObjectId, done: number, total: number) {
  await PublicCopyModel.updateOne({ document }, { $set: { pagesDone: done, pagesTotal: total } });
}

/** Deletes a copy's stored files: its PDF and its sheets. */
async function deleteFiles(copy: Pick<PublicCopyRecord, 'file' | 'sheets'> | null) {
  const files = [...(copy?.file ? [copy.file] : []), ...(copy?.sheets ?? []).map((s) => s.file)];
  for (const file of files)
    await bucket()
      .delete(file)
      .catch(() => undefined);
}

/** Keeps the document private, with why; any earlier copy and its search entries go. */
export async function keepPrivate(document: Types.ObjectId, reason: string, now: Date) {
  const old = await publicCopyOf(document);
  await PublicCopyModel.updateOne(
    { document },
    {
      $set: {
        status: 'private',
        reason,
        published: false,
        pages: [],
        file: null,
        sheets: [],
        updatedAt: now,
      },
      $push: { log: { at: now, by: null, action: 'kept_private', detail: reason } },
    },
  );
  await unindexPages({ document });
  await deleteFiles(old);
}

/**
 * Stores a ready copy: its PDF (a neutral name), its pages, and each page's
 * search tokens; the copy it replaces is deleted after.
 */
export async function storeReadyCopy(
  copy: {
    request: Types.ObjectId;
    document: Types.ObjectId;
    filename: string;
    now: Date;
    /** Published at once (an answer through the API), or held for the officer's review. */
    publish: boolean;
  },
  pdf: NodeJS.ReadableStream,
  pages: Array<PublicCopyPageRecord & { tokens: string[] }>,
  sheets: Array<{
    n: number;
    name: string | null;
    hidden: number;
    csv: NodeJS.ReadableStream;
  }> = [],
): Promise<void> {
  const old = await publicCopyOf(copy.document);
  const metadata = { request: copy.request, document: copy.document };
  // Streamed from the job's directory: a long scan's copy is never whole in the worker's memory.
  const upload = bucket().openUploadStream(copy.filename, {
    metadata: { ...metadata, contentType: 'application/pdf' },
  });
  await pipeline(pdf, upload);
  const stored = [];
  for (const sheet of sheets) {
    const file = bucket().openUploadStream(`sheet-${String(sheet.n)}.csv`, {
      metadata: { ...metadata, contentType: 'text/csv; charset=utf-8' },
    });
    await pipeline(sheet.csv, file);
    stored.push({ n: sheet.n, name: sheet.name, hidden: sheet.hidden, file: file.id });
  }

  await indexPages(copy.request, copy.document, pages);
  await PublicCopyModel.updateOne(
    { document: copy.document },
    {
      $set: {
        status: 'ready',
        reason: null,
        // The pages without their tokens (those live in the search index).
        pages: pages.map((p) => ({
          page: p.page,
          machineRead: p.machineRead,
          text: p.text,
          boxes: p.boxes,
          confidence: p.confidence,
          width: p.width,
          height: p.height,
        })),
        published: copy.publish,
        pagesDone: pages.length,
        pagesTotal: pages.length,
        file: upload.id,
        sheets: stored,
        updatedAt: copy.now,
      },
      $push: {
        log: {
          $each: [
            { at: copy.now, by: null, action: 'prepared', detail: null },
            ...(copy.publish
              ? [{ at: copy.now, by: null, action: 'published', detail: null }]
              : []),
          ],
        },
      },
    },
  );
  await deleteFiles(old);
}

/**
 * An officer's changes: saved, the copy withdrawn from the public at once
 * (what it showed may be what they now hide) until it is prepared again and
 * published. False when the copy is not ready.
 */
export async function changeCopy(
  document: Types.ObjectId,
  adjustments: CopyAdjustments,
  by: Types.ObjectId,
  now: Date,
): Promise<boolean> {
  const { modifiedCount } = await PublicCopyModel.updateOne(
    { document, status: 'ready' },
    {
      $set: { adjustments, published: false, status: 'preparing', pagesDone: 0, updatedAt: now },
      $push: {
        log: {
          at: now,
          by,
          action: 'changed',
          detail: null,
          counts: {
            lifted: adjustments.lifted.length,
            words: adjustments.words.length,
            drawn: adjustments.added.length,
          },
        },
      },
    },
  );
  if (modifiedCount > 0) await unindexPages({ document });
  return modifiedCount > 0;
}

/** An officer publishes a ready copy after reviewing it; false when it is not ready. */
export async function publishCopy(
  document: Types.ObjectId,
  by: Types.ObjectId,
  now: Date,
): Promise<boolean> {
  const { modifiedCount } = await PublicCopyModel.updateOne(
    { document, status: 'ready', published: false },
    {
      $set: { published: true, updatedAt: now },
      $push: { log: { at: now, by, action: 'published', detail: null } },
    },
  );
  return modifiedCount > 0;
}

/** Removes every public copy of a request, their files and search entries (a takedown). */
export async function removePublicCopies(request: Types.ObjectId): Promise<number> {
  const copies = await publicCopiesOf(request);
  for (const copy of copies) {
    await deleteFiles(copy);
    await removePreviews(copy.document);
  }
  await unindexPages({ request });
  const { deletedCount } = await PublicCopyModel.deleteMany({ request });
  return deletedCount;
}

/** A ready copy's PDF or one of its sheets: its length and bytes as a stream; null when gone. */
export async function openCopyFile(
  file: Types.ObjectId,
): Promise<{ length: number; stream: NodeJS.ReadableStream } | null> {
  const [stored] = await bucket().find({ _id: file }).limit(1).toArray();
  return stored ? { length: stored.length, stream: bucket().openDownloadStream(file) } : null;
}
