import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import mongoose, { Types } from 'mongoose';
import type { DocumentKind } from './document-types.ts';

const BUCKET = 'documents';

export interface DocumentMeta {
  requestId: Types.ObjectId;
  uploader: Types.ObjectId | null;
  side: 'requester' | 'agency';
  contentType: string;
  size: number;
}

export interface StoredDocument {
  _id: Types.ObjectId;
  filename: string;
  length: number;
  uploadDate: Date;
  metadata: DocumentMeta;
}

function bucket() {
  const db = mongoose.connection.db;
  if (!db) throw new Error('MongoDB is not connected');
  // GridFS's default chunks (255 KiB): see `npm run bench -- documents`.
  return new mongoose.mongo.GridFSBucket(db, { bucketName: BUCKET });
}

/** Stores an upload in GridFS with the request it belongs to and who sent it. */
export async function storeDocument(
  bytes: Buffer,
  filename: string,
  kind: DocumentKind,
  meta: Omit<DocumentMeta, 'contentType' | 'size'>,
): Promise<Types.ObjectId> {
  const id = new Types.ObjectId();
  const upload = bucket().openUploadStreamWithId(id, filename, {
    metadata: { ...meta, contentType: kind.contentType, size: bytes.length },
  });
  await pipeline(Readable.from([bytes]), upload);
  return id;
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
