import mongoose, { Schema, type Types } from 'mongoose';

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

/** A copy's pages and their tokens, in place of any it had. */
export async function indexPages(
  request: Types.ObjectId,
  document: Types.ObjectId,
  pages: ReadonlyArray<{ page: number; tokens: string[] }>,
): Promise<void> {
  await DocumentPageModel.deleteMany({ document });
  await DocumentPageModel.insertMany(
    pages.map((p) => ({ request, document, page: p.page, tokens: p.tokens })),
  );
}

/** Removes the pages of one document, or of every document of a request. */
export async function unindexPages(
  of: { document: Types.ObjectId } | { request: Types.ObjectId },
): Promise<void> {
  await DocumentPageModel.deleteMany(of);
}

/**
 * The newest pages of copies holding every word (each word by any of its
 * variants), through the tokens' multikey index: `limit` at most. Whether each
 * may be shown (published, not taken down) is the caller's to check.
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
