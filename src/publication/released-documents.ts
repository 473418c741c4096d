import { Types } from 'mongoose';
import { agencyRedactionRules } from '../agencies/agency-directory.ts';
import { findDocument, findDocuments, openDocument } from '../documents/document-store.ts';
import { NotFoundError } from '../errors.ts';
import type { StoredRequest } from '../requests/stored-request.ts';
import type { Download } from '../documents/document-store.ts';
import { redactionContextOf } from '../redaction/public-text.ts';
import {
  applyRedactions,
  findRedactions,
  REDACTION_RULES_VERSION,
} from '../redaction/redaction.ts';
import { gridBucket } from '../platform/mongo.ts';
import {
  openCopyFile,
  publicCopiesOf,
  publicCopyOf,
  type PublicCopyPageRecord,
} from '../public-copies/public-copy-store.ts';
import {
  copyableType,
  documentsArePublic,
  publicFilename,
  textType,
} from '../public-copies/public-copy-types.ts';

/** Released documents published as their redacted words; PDFs and images get a public copy. */
const redactable = textType;
const BUCKET = 'redacted_documents';

export interface PublicDocument {
  id: string;
  /** A neutral name (`document-1.txt`): an original's name may hold personal data. */
  filename: string;
  /** The redacted text's address, or the public copy's page; null while none can be read. */
  url: string | null;
  /**
   * `text`: its redacted words; `copy`: a public copy (redacted PDF and its text); `preparing`:
   * the copy is being made (`pages` done of `total`); `private`: kept private, for `reason`.
   */
  state: 'text' | 'copy' | 'preparing' | 'private';
  pages: { done: number; total: number } | null;
  reason: string | null;
}

/** A released document's public name: its place among the request's documents, never its own name. */
function publicName(position: number, contentType: string, originalName: string): string {
  if (copyableType(contentType)) return publicFilename(position);
  const extension = redactable(contentType)
    ? 'txt'
    : (/\.([A-Za-z0-9]{1,5})$/.exec(originalName)?.[1]?.toLowerCase() ?? 'bin');
  return `document-${String(position + 1)}.${extension}`;
}

/**
 * A public request's released documents as the public sees them: each that
 * can be read as text has a redacted version (its words, the personal data
 * removed); the others are listed as kept private. Never an original, never
 * an original's name.
 */
export async function publicDocumentsOf(request: StoredRequest): Promise<PublicDocument[]> {
  if (!documentsArePublic(request)) return [];
  const docs = await findDocuments(request._id, request.attachments);
  const copies = new Map(
    (await publicCopiesOf(request._id)).map((copy) => [copy.document.toString(), copy]),
  );
  return docs.map((doc) => {
    const id = doc._id.toString();
    const type = doc.metadata.contentType;
    const filename = publicName(positionOf(request, doc._id), type, doc.filename);
    const base = `/requests/${request.ref}/documents/${id}`;
    if (redactable(type))
      return { id, filename, url: `${base}/redacted`, state: 'text', pages: null, reason: null };
    if (!copyableType(type))
      return { id, filename, url: null, state: 'private', pages: null, reason: 'unsupported' };
    const copy = copies.get(id);
    if (copy?.status === 'ready' && copy.published)
      return { id, filename, url: `${base}/public`, state: 'copy', pages: null, reason: null };
    if (copy?.status === 'private')
      return { id, filename, url: null, state: 'private', pages: null, reason: copy.reason };
    const pages = copy?.pagesTotal ? { done: copy.pagesDone, total: copy.pagesTotal } : null;
    return { id, filename, url: null, state: 'preparing', pages, reason: null };
  });
}

/** Where a document stands among the answer's documents (the order the officer attached them). */
const positionOf = (request: StoredRequest, id: Types.ObjectId) =>
  Math.max(
    0,
    request.attachments.findIndex((a) => a.equals(id)),
  );

async function bytesOf(id: Types.ObjectId): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of openDocument(id) as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const bucket = () => gridBucket(BUCKET);

const MARKER = '[حُذف · removed]';

/**
 * The redacted text of a released document, made the first time someone asks
 * (the redaction rules of the request's country and its requester's details)
 * and kept beside the original. A 404 when the document is not released, the
 * request not published, or the document cannot be redacted.
 */
export async function openRedactedDocument(request: StoredRequest, id: string): Promise<Download> {
  const wanted = Types.ObjectId.isValid(id) ? new Types.ObjectId(id) : null;
  const released = wanted && request.attachments.some((a) => a.equals(wanted));
  const original =
    released && documentsArePublic(request) ? await findDocument(request._id, wanted) : undefined;
  if (!original || !redactable(original.metadata.contentType))
    throw new NotFoundError('DOCUMENT.NOT_FOUND', 'request.documentNotFound');
  const filename = publicName(
    positionOf(request, original._id),
    original.metadata.contentType,
    original.filename,
  );
  const files = bucket();
  const copies = await files.find({ 'metadata.original': original._id }).toArray();
  let copy = copies.find(
    (c) => (c.metadata as { rules?: string } | undefined)?.rules === REDACTION_RULES_VERSION,
  );
  if (!copy) {
    // A copy made under older rules is made again, and the old one deleted.
    const words = (await bytesOf(original._id)).toString('utf8');
    const found = findRedactions(
      words,
      redactionContextOf(request, await agencyRedactionRules(request.agency)),
    );
    const text = applyRedactions(words, found).replace(/⟦[a-z_]+⟧/g, MARKER);
    const upload = files.openUploadStream(filename, {
      metadata: {
        original: original._id,
        requestId: request._id,
        redactions: found.length,
        rules: REDACTION_RULES_VERSION,
      },
    });
    await new Promise<void>((resolve, reject) => {
      upload.once('finish', resolve).once('error', reject).end(Buffer.from(text, 'utf8'));
    });
    for (const old of copies) await files.delete(old._id);
    copy = (await files.find({ _id: upload.id }).limit(1).toArray())[0];
  }
  if (!copy) throw new NotFoundError('DOCUMENT.NOT_FOUND', 'request.documentNotFound');
  return {
    filename,
    contentType: 'text/plain; charset=utf-8',
    length: copy.length,
    stream: files.openDownloadStream(copy._id),
  };
}

/** A released document's ready public copy, or a 404 (not released, not published, not ready). */
async function readyCopy(request: StoredRequest, id: string) {
  const wanted = Types.ObjectId.isValid(id) ? new Types.ObjectId(id) : null;
  const released = wanted && request.attachments.some((a) => a.equals(wanted));
  const copy = released && documentsArePublic(request) ? await publicCopyOf(wanted) : null;
  if (!wanted || copy?.status !== 'ready' || !copy.published || !copy.file)
    throw new NotFoundError('DOCUMENT.NOT_FOUND', 'request.documentNotFound');
  return { copy, file: copy.file, filename: publicFilename(positionOf(request, wanted)) };
}

/** What the public reads of a released document: its neutral name and its pages' words. */
export async function publicCopyView(
  request: StoredRequest,
  id: string,
): Promise<{
  filename: string;
  pdfUrl: string;
  pages: PublicCopyPageRecord[];
  sheets: Array<{ n: number; name: string | null; hidden: number; url: string }>;
}> {
  const { copy, filename } = await readyCopy(request, id);
  const base = `/requests/${request.ref}/documents/${id}`;
  return {
    filename,
    pdfUrl: `${base}/public.pdf`,
    pages: copy.pages,
    sheets: copy.sheets.map(({ n, name, hidden }) => ({
      n,
      name,
      hidden,
      url: `${base}/sheets/${String(n)}.csv`,
    })),
  };
}

/** One sheet of a published spreadsheet's copy, as redacted CSV (`document-2-sheet-1.csv`). */
export async function openPublicSheet(
  request: StoredRequest,
  id: string,
  n: number,
): Promise<Download> {
  const { copy, filename } = await readyCopy(request, id);
  const sheet = copy.sheets.find((s) => s.n === n);
  const stored = sheet ? await openCopyFile(sheet.file) : null;
  if (!stored) throw new NotFoundError('DOCUMENT.NOT_FOUND', 'request.documentNotFound');
  return {
    filename: filename.replace(/\.pdf$/, `-sheet-${String(n)}.csv`),
    contentType: 'text/csv; charset=utf-8',
    ...stored,
  };
}

/** The public copy's PDF, to download. */
export async function openPublicCopy(request: StoredRequest, id: string): Promise<Download> {
  const { file, filename } = await readyCopy(request, id);
  const stored = await openCopyFile(file);
  if (!stored) throw new NotFoundError('DOCUMENT.NOT_FOUND', 'request.documentNotFound');
  return { filename, contentType: 'application/pdf', ...stored };
}
