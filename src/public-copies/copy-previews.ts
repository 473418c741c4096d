import mongoose, { Schema, type Types } from 'mongoose';
import { gridBucket } from '../platform/mongo.ts';

const BUCKET = 'copy_previews';
const bucket = () => gridBucket(BUCKET);

/** GridFS's files collection of the previews, as a model only to declare the index its reads use. */
const previewFileSchema = new Schema(
  { filename: String, metadata: Schema.Types.Mixed },
  { collection: `${BUCKET}.files`, strict: false, versionKey: false },
);
previewFileSchema.index({ filename: 1, uploadDate: 1 });
previewFileSchema.index({ 'metadata.document': 1, 'metadata.page': 1 });
mongoose.model('CopyPreviewFile', previewFileSchema);

/**
 * The page images an officer reviews a public copy on (the copy as the public
 * will see it, boxes black), one per page; those of an earlier preparation
 * are replaced. Only the agency's staff read them (request-routes.ts).
 */
export async function storePreviews(document: Types.ObjectId, pages: readonly Buffer[]) {
  await removePreviews(document);
  for (const [i, png] of pages.entries()) {
    const upload = bucket().openUploadStream(`${document.toString()}-${String(i + 1)}.png`, {
      metadata: { document, page: i + 1 },
    });
    await new Promise<void>((resolve, reject) => {
      upload.once('finish', resolve).once('error', reject).end(png);
    });
  }
}

/** A page's preview: its length and bytes, or null. */
export async function openPreview(document: Types.ObjectId, page: number) {
  const [file] = await bucket()
    .find({ 'metadata.document': document, 'metadata.page': page })
    .limit(1)
    .toArray();
  return file ? { length: file.length, stream: bucket().openDownloadStream(file._id) } : null;
}

/** Removes a document's previews (a new preparation, a takedown). */
export async function removePreviews(document: Types.ObjectId): Promise<void> {
  const files = await bucket().find({ 'metadata.document': document }).toArray();
  for (const file of files)
    await bucket()
      .delete(file._id)
      .catch(() => undefined);
}
