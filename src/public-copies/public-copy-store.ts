import mongoose, { Schema, Types } from 'mongoose';
import { gridBucket } from '../platform/mongo.ts';
import type { ProposedBox } from './page-boxes.ts';

const BUCKET = 'public_copies';

/** Where a released document's public copy stands. */
type PublicCopyStatus = 'preparing' | 'ready' | 'private';

/** One page of a public copy, as the public reads it. */
export interface PublicCopyPageRecord {
  page: number;
  machineRead: boolean;
  text: string;
  /** Each box burned into the page: why (kind and rule); where stays in the log below. */
  boxes: Array<Pick<ProposedBox, 'kind' | 'rule' | 'box'>>;
  confidence: number | null;
}

export interface PublicCopyRecord {
  _id: Types.ObjectId;
  document: Types.ObjectId;
  request: Types.ObjectId;
  status: PublicCopyStatus;
  /** Why the document stays private (UnreadableReason, or `unsupported`). */
  reason: string | null;
  pagesDone: number;
  pagesTotal: number;
  pages: PublicCopyPageRecord[];
  /** The redaction rules' version that made it. */
  rules: string;
  /** The public PDF in GridFS; null until ready. */
  file: Types.ObjectId | null;
  updatedAt: Date;
}

const publicCopySchema = new Schema(
  {
    document: { type: Schema.Types.ObjectId, required: true },
    request: { type: Schema.Types.ObjectId, required: true },
    status: { type: String, enum: ['preparing', 'ready', 'private'], required: true },
    reason: { type: String, default: null },
    pagesDone: { type: Number, default: 0 },
    pagesTotal: { type: Number, default: 0 },
    pages: { type: [Schema.Types.Mixed], default: [] },
    rules: { type: String, required: true },
    file: { type: Schema.Types.ObjectId, default: null },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'public_copies', versionKey: false },
);
publicCopySchema.index({ document: 1 }, { unique: true });
publicCopySchema.index({ request: 1 });
const PublicCopyModel = mongoose.model('PublicCopy', publicCopySchema);

/** One page of a ready public copy, for search: its tokens, and what a hit names. */
const documentPageSchema = new Schema(
  {
    request: { type: Schema.Types.ObjectId, required: true },
    document: { type: Schema.Types.ObjectId, required: true },
    page: { type: Number, required: true },
    tokens: { type: [String], default: [] },
  },
  { collection: 'document_pages', versionKey: false },
);
documentPageSchema.index({ tokens: 1 });
documentPageSchema.index({ document: 1, page: 1 }, { unique: true });
documentPageSchema.index({ request: 1 });
const DocumentPageModel = mongoose.model('DocumentPage', documentPageSchema);

const bucket = () => gridBucket(BUCKET);

/** The public copies of a request's documents. */
export function publicCopiesOf(request: Types.ObjectId): Promise<PublicCopyRecord[]> {
  return PublicCopyModel.find({ request }).lean<PublicCopyRecord[]>();
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
      $setOnInsert: { pagesTotal: 0, pages: [], file: null },
    },
    { upsert: true },
  );
}

/** The pages done so far, for the officer's progress. */
export async function recordProgress(document: Types.ObjectId, done: number, total: number) {
  await PublicCopyModel.updateOne({ document }, { $set: { pagesDone: done, pagesTotal: total } });
}

/** Keeps the document private, with why; any earlier copy and its search entries go. */
export async function keepPrivate(document: Types.ObjectId, reason: string, now: Date) {
  const old = await publicCopyOf(document);
  await PublicCopyModel.updateOne(
    { document },
    { $set: { status: 'private', reason, pages: [], file: null, updatedAt: now } },
  );
  await DocumentPageModel.deleteMany({ document });
  if (old?.file)
    await bucket()
      .delete(old.file)
      .catch(() => undefined);
}

/**
 * Stores a ready copy: its PDF (a neutral name), its pages, and each page's
 * search tokens; the copy it replaces is deleted after.
 */
export async function storeReadyCopy(
  copy: { request: Types.ObjectId; document: Types.ObjectId; filename: string; now: Date },
  pdf: Buffer,
  pages: Array<PublicCopyPageRecord & { tokens: string[] }>,
): Promise<void> {
  const old = await publicCopyOf(copy.document);
  const upload = bucket().openUploadStream(copy.filename, {
    metadata: { request: copy.request, document: copy.document, contentType: 'application/pdf' },
  });
  await new Promise<void>((resolve, reject) => {
    upload.once('finish', resolve).once('error', reject).end(pdf);
  });
  await DocumentPageModel.deleteMany({ document: copy.document });
  await DocumentPageModel.insertMany(
    pages.map((p) => ({
      request: copy.request,
      document: copy.document,
      page: p.page,
      tokens: p.tokens,
    })),
  );
  await PublicCopyModel.updateOne(
    { document: copy.document },
    {
      $set: {
        status: 'ready',
        reason: null,
        pages: pages.map((page) => ({
          page: page.page,
          machineRead: page.machineRead,
          text: page.text,
          boxes: page.boxes,
          confidence: page.confidence,
        })),
        pagesDone: pages.length,
        pagesTotal: pages.length,
        file: upload.id,
        updatedAt: copy.now,
      },
    },
  );
  if (old?.file)
    await bucket()
      .delete(old.file)
      .catch(() => undefined);
}

/**
 * The newest pages of ready copies holding every word (each word by any of
 * its variants), through the tokens' multikey index: `limit` at most.
 */
export function pagesWithWords(
  words: readonly (readonly string[])[],
  limit: number,
): Promise<Array<{ request: Types.ObjectId; document: Types.ObjectId; page: number }>> {
  if (words.length === 0) return Promise.resolve([]);
  return DocumentPageModel.find(
    { $and: words.map((variants) => ({ tokens: mongoose.trusted({ $in: [...variants] }) })) },
    { request: 1, document: 1, page: 1 },
  )
    .sort({ _id: -1 })
    .limit(limit)
    .lean();
}

/** Removes every public copy of a request, their files and search entries (a takedown). */
export async function removePublicCopies(request: Types.ObjectId): Promise<number> {
  const copies = await publicCopiesOf(request);
  for (const copy of copies)
    if (copy.file)
      await bucket()
        .delete(copy.file)
        .catch(() => undefined);
  await DocumentPageModel.deleteMany({ request });
  const { deletedCount } = await PublicCopyModel.deleteMany({ request });
  return deletedCount;
}

/** A ready copy's PDF: its length and its bytes as a stream; null when it is gone. */
export async function openCopyFile(
  file: Types.ObjectId,
): Promise<{ length: number; stream: NodeJS.ReadableStream } | null> {
  const [stored] = await bucket().find({ _id: file }).limit(1).toArray();
  return stored ? { length: stored.length, stream: bucket().openDownloadStream(file) } : null;
}
