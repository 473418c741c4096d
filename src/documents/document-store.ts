import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import mongoose, { Schema, Types } from 'mongoose';
import { gridBucket } from '../platform/mongo.ts';
import type { DocumentKind } from './document-types.ts';

const BUCKET = 'documents';

export interface DocumentMeta {
  requestId: Types.ObjectId;
  uploader: Types.ObjectId | null;
  side: 'requester' | 'agency';
  contentType: string;
  /** When a message or an answer first cited it; null while it waits (the upload quota counts those). */
  attachedAt?: Date | null;
}

/**
 * GridFS's own files collection, as a model only to declare its indexes (so
 * boot creates them and `npm run indexes:sync` keeps them) and to count a
 * user's waiting uploads. GridFS writes it; nothing else does but markAttached.
 */
const documentFileSchema = new Schema(
  { filename: String, uploadDate: Date, metadata: Schema.Types.Mixed },
  { collection: `${BUCKET}.files`, strict: false, versionKey: false },
);
// GridFS's own index, declared so that no sync ever drops it.
documentFileSchema.index({ filename: 1, uploadDate: 1 });
documentFileSchema.index({ 'metadata.uploader': 1, 'metadata.attachedAt': 1, uploadDate: 1 });
const DocumentFileModel = mongoose.model('DocumentFile', documentFileSchema);

/** A document a user may download: what to send and its bytes, as a stream. */
export interface Download {
  filename: string;
  contentType: string;
  length: number;
  stream: NodeJS.ReadableStream;
}

export interface StoredDocument {
  _id: Types.ObjectId;
  filename: string;
  length: number;
  uploadDate: Date;
  metadata: DocumentMeta;
}

// GridFS's default chunks (255 KiB): see `npm run bench -- documents`.
const bucket = () => gridBucket(BUCKET);

/**
 * Streams an upload into GridFS with the request it belongs to and who sent
 * it; nothing is held in memory but the chunk being written. If the stream
 * fails (too large, cut off), what was written is removed. Its length is GridFS's.
 */
export async function storeDocumentStream(
  source: Readable,
  filename: string,
  kind: Pick<DocumentKind, 'contentType'> | { contentType: string },
  meta: Omit<DocumentMeta, 'contentType' | 'attachedAt'>,
): Promise<{ id: Types.ObjectId; size: number }> {
  const id = new Types.ObjectId();
  const upload = bucket().openUploadStreamWithId(id, filename, {
    metadata: { ...meta, contentType: kind.contentType, attachedAt: null },
  });
  try {
    await pipeline(source, upload);
  } catch (error) {
    await upload.abort().catch(() => undefined);
    await deleteDocument(id);
    throw error;
  }
  return { id, size: upload.length };
}

/** Removes a stored document and its chunks (an upload that failed or was refused). */
export async function deleteDocument(id: Types.ObjectId): Promise<void> {
  await bucket()
    .delete(id)
    .catch(() => undefined);
}

/** Uploads of `uploader` since `since` that no message or answer cites yet. */
export function countWaitingUploads(uploader: Types.ObjectId, since: Date): Promise<number> {
  return DocumentFileModel.countDocuments({
    'metadata.uploader': uploader,
    'metadata.attachedAt': null,
    uploadDate: mongoose.trusted({ $gte: since }),
  });
}

/** Records that a message or an answer now cites these documents. */
export async function markAttached(ids: readonly Types.ObjectId[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await DocumentFileModel.updateMany(
    { _id: mongoose.trusted({ $in: ids }), 'metadata.attachedAt': null },
    { $set: { 'metadata.attachedAt': at } },
  );
}

/** The documents of a request, by id (documents of another request are left out). */
export async function findDocuments(
  requestId: Types.ObjectId,
  ids: readonly Types.ObjectId[],
): Promise<StoredDocument[]> {
  if (ids.length === 0) return [];
  const files = await bucket()
    .find({ _id: { $in: ids }, 'metadata.requestId': requestId })
    .sort({ uploadDate: 1, _id: 1 })
    .toArray();
  return files as unknown as StoredDocument[];
}

/** One document of a request, or undefined. */
export async function findDocument(
  requestId: Types.ObjectId,
  id: Types.ObjectId,
): Promise<StoredDocument | undefined> {
  const [found] = await findDocuments(requestId, [id]);
  return found;
}

/** The bytes of a stored document. */
export function openDocument(id: Types.ObjectId): NodeJS.ReadableStream {
  return bucket().openDownloadStream(id);
}
