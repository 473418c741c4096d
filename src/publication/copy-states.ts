import type { Types } from 'mongoose';
import { findDocuments } from '../documents/document-store.ts';
import { publicCopiesOf } from '../public-copies/public-copy-store.ts';
import { copyableType, publicFilename } from '../public-copies/public-copy-types.ts';
import type { StoredRequest } from '../requests/stored-request.ts';
import { namesOf } from '../users/user-store.ts';

/** A released document's public copy as the request's parties follow it. */
export interface CopyState {
  id: string;
  /** Its public name (the parties also see the original's, beside it). */
  filename: string;
  original: string;
  state: 'preparing' | 'review' | 'published' | 'private';
  pages: { done: number; total: number } | null;
  reason: string | null;
  /** Per page, the boxes burned in: kind and rule (never the words they hide). */
  boxes: Array<{ page: number; kind: string; rule: string; lifted: boolean }>;
  /** The redaction log: when, by whom (null: the rules and the workers), what. */
  log: Array<{
    at: Date;
    by: string | null;
    action: string;
    detail: string | null;
    counts: { lifted: number; words: number; drawn: number } | null;
  }>;
}

/**
 * The public copies of a request's released documents, for its parties: where
 * each stands, its boxes, and its redaction log with names. Documents that get
 * no copy (text, office files) are left out: the public list says what they are.
 */
export async function copyStatesOf(request: StoredRequest): Promise<CopyState[]> {
  if (request.visibility !== 'public' || !request.publication?.publishedAt) return [];
  const docs = (await findDocuments(request._id, request.attachments)).filter((doc) =>
    copyableType(doc.metadata.contentType),
  );
  if (docs.length === 0) return [];
  const copies = new Map(
    (await publicCopiesOf(request._id)).map((copy) => [copy.document.toString(), copy]),
  );
  const people = [...copies.values()].flatMap((c) => c.log.flatMap((e) => (e.by ? [e.by] : [])));
  const names = await namesOf(people.map((id: Types.ObjectId) => id.toString()));
  return docs.map((doc): CopyState => {
    const id = doc._id.toString();
    const copy = copies.get(id);
    const position = request.attachments.findIndex((a) => a.equals(doc._id));
    const state =
      !copy || copy.status === 'preparing'
        ? 'preparing'
        : copy.status === 'private'
          ? 'private'
          : copy.published
            ? 'published'
            : 'review';
    return {
      id,
      filename: publicFilename(Math.max(0, position)),
      original: doc.filename,
      state,
      pages: copy?.pagesTotal ? { done: copy.pagesDone, total: copy.pagesTotal } : null,
      reason: copy?.reason ?? null,
      boxes: (copy?.pages ?? []).flatMap((page) =>
        page.boxes.map((box) => ({
          page: page.page,
          kind: box.kind,
          rule: box.rule,
          lifted: box.lifted,
        })),
      ),
      log: (copy?.log ?? []).map((entry) => ({
        at: entry.at,
        by: entry.by ? (names.get(entry.by.toString()) ?? null) : null,
        action: entry.action,
        detail: entry.detail,
        counts: entry.counts ?? null,
      })),
    };
  });
}
