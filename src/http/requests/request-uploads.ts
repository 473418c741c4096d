import { Readable } from 'node:stream';
import type { NextFunction, Request, Response } from 'express';
import { Types } from 'mongoose';
import multer from 'multer';
import {
  countWaitingUploads,
  deleteDocument,
  openDocument,
  storeDocumentStream,
} from '../../documents/document-store.ts';
import {
  documentKind,
  documentMaxMb,
  PAGED_KINDS,
  safeFilename,
  type DocumentLimits,
} from '../../documents/document-types.ts';
import { pdfPageCount, tiffPageCount } from '../../documents/page-count.ts';
import { AppError, ValidationError } from '../../errors.ts';
import { csrfTokenMatches } from '../middleware/csrf.ts';
import { findVisibleRequest } from '../../requests/request-service.ts';
import { standingOf } from './request-projection.ts';
import { signedInUser } from '../middleware/auth.ts';

/** Uploads a user may leave waiting (cited by no message or answer) in a day. */
export const WAITING_UPLOADS_PER_DAY = 20;
/** Bytes read to tell a file's type (the plain-text check reads this many). */
const SNIFF_BYTES = 4096;

/** What was stored of a request's upload. */
export interface StoredUpload {
  id: string;
  filename: string;
  contentType: string;
  size: number;
}

const stored = new WeakMap<Request, StoredUpload[]>();
const refused = new WeakMap<Request, AppError>();

/** The uploads this request carried, in the order sent, once receiveUpload has stored them. */
export const uploadsOf = (req: Request): StoredUpload[] => stored.get(req) ?? [];

/**
 * A refusal of the file (its type, its size, the quota) kept for the handler,
 * so a page shows it beside the form instead of an error page.
 */
export const uploadRefusal = (req: Request): AppError | undefined => refused.get(req);

/** The first `count` bytes of a stream, and a stream of all of it (head included). */
async function sniff(source: Readable, count: number): Promise<{ head: Buffer; all: Readable }> {
  const chunks: Buffer[] = [];
  let length = 0;
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  while (length < count) {
    const next = await iterator.next();
    if (next.done) break;
    chunks.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(chunks);
  async function* all() {
    yield head;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head, all: Readable.from(all()) };
}

/** Counts bytes as they pass and fails past the limit (busboy stops one byte later). */
async function* capped(source: Readable, limits: DocumentLimits) {
  let size = 0;
  for await (const chunk of source as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limits.maxBytes) throw tooLarge(limits);
    yield chunk;
  }
}

const tooLarge = (limits: DocumentLimits) =>
  new AppError({
    status: 413,
    code: 'DOCUMENT.TOO_LARGE',
    messageKey: 'validation.documentSize',
    vars: { mb: documentMaxMb(limits) },
    fields: { file: 'validation.documentSize' },
  });

const tooManyPages = (limits: DocumentLimits, pages: number) =>
  new AppError({
    status: 413,
    code: 'DOCUMENT.TOO_MANY_PAGES',
    messageKey: 'validation.documentPages',
    vars: { max: limits.maxPages, pages },
    fields: { file: 'validation.documentPages' },
  });

/**
 * The pages of a stored PDF or TIFF (read back once: at most DOCUMENT_MAX_MB
 * in memory for a moment), or undefined for other kinds and for files that cannot be opened.
 */
async function storedPages(id: Types.ObjectId, contentType: string): Promise<number | undefined> {
  if (!PAGED_KINDS.has(contentType)) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of openDocument(id) as AsyncIterable<Buffer>) chunks.push(chunk);
  const bytes = new Uint8Array(Buffer.concat(chunks));
  // A TIFF's chain is followed far past the limit, so the refusal can say how many pages
  // it has (each directory takes at least 18 bytes: the walk is bounded by the file).
  return contentType === 'image/tiff' ? tiffPageCount(bytes, 100_000) : pdfPageCount(bytes);
}

/** multer's storage engine: the file streams into GridFS, typed by its first bytes. */
function gridFsStorage(
  requestId: Types.ObjectId,
  uploader: Types.ObjectId,
  side: 'agency' | 'requester',
  limits: DocumentLimits,
): multer.StorageEngine {
  return {
    _handleFile(req, file, done) {
      const name = Buffer.from(file.originalname, 'latin1').toString('utf8');
      (async () => {
        const { head, all } = await sniff(file.stream, SNIFF_BYTES);
        if (head.length === 0) throw new ValidationError({ file: 'validation.documentMissing' });
        const kind = documentKind(name, head.subarray(0, SNIFF_BYTES));
        if (!kind) throw new ValidationError({ file: 'validation.documentType' });
        const filename = safeFilename(name, kind);
        const { id, size } = await storeDocumentStream(
          Readable.from(capped(all, limits)),
          filename,
          kind,
          { requestId, uploader, side },
        );
        const pages = await storedPages(id, kind.contentType);
        if (pages !== undefined && pages > limits.maxPages) {
          await deleteDocument(id);
          throw tooManyPages(limits, pages);
        }
        stored.set(req, [
          ...uploadsOf(req),
          { id: id.toString(), filename, contentType: kind.contentType, size },
        ]);
        return { size, filename, path: id.toString() };
      })().then(
        (info) => {
          done(null, info);
        },
        (error: unknown) => {
          // Whatever is left of the refused file is read and thrown away by multer.
          file.stream.resume();
          done(error);
        },
      );
    },
    _removeFile(_req, file, done) {
      const id = file.path;
      if (!Types.ObjectId.isValid(id)) {
        done(null);
        return;
      }
      deleteDocument(new Types.ObjectId(id)).then(
        () => {
          done(null);
        },
        (error: unknown) => {
          done(error as Error);
        },
      );
    },
  };
}

const forbidden = () =>
  new AppError({ status: 403, code: 'AUTH.FORBIDDEN', messageKey: 'error.forbidden.message' });
const csrfInvalid = () =>
  new AppError({ status: 403, code: 'CSRF.INVALID', messageKey: 'error.csrf.message' });

/**
 * Receives the files a multipart POST on a request may carry (`files` at
 * most, each in the `file` field; anything else passes untouched). Before a byte of the body is read: the user is
 * signed in (the route's guard), the request is theirs to upload to (its
 * requester or its agency), and they have fewer than WAITING_UPLOADS_PER_DAY
 * uploads waiting. A page form's CSRF field, which comes before its file, is
 * checked before the file is read. The file then streams into GridFS (DOCUMENT_MAX_MB
 * at most), never held whole in memory; a PDF or TIFF is then read back once
 * to count its pages (DOCUMENT_MAX_PAGES at most). One refused file refuses
 * them all, and those already stored are removed.
 */
export function receiveUpload(limits: DocumentLimits, files = 1) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (!req.is('multipart/form-data')) {
      next();
      return;
    }
    const user = signedInUser(req);
    const request = await findVisibleRequest(user, String(req.params.ref));
    const side = standingOf(user, request);
    if (side !== 'agency' && side !== 'requester') throw forbidden();
    const uploader = new Types.ObjectId(user.id);
    const deferredCsrf = res.locals.csrfDeferred === true;
    const checkCsrf = () =>
      !deferredCsrf || csrfTokenMatches(req, (req.body as Record<string, unknown>)._csrf);
    const waiting = await countWaitingUploads(uploader, new Date(Date.now() - 86_400_000));
    const quotaReached = waiting >= WAITING_UPLOADS_PER_DAY;
    const upload = multer({
      storage: gridFsStorage(request._id, uploader, side, limits),
      limits: { fileSize: limits.maxBytes, files, fields: 30, fieldSize: 100_000 },
      fileFilter(_req, _file, accept) {
        // The form's fields before its file are read: its token must be right, and room left.
        if (!checkCsrf()) accept(csrfInvalid());
        else if (quotaReached)
          accept(
            new AppError({
              status: 429,
              code: 'DOCUMENT.QUOTA',
              messageKey: 'validation.documentQuota',
              fields: { file: 'validation.documentQuota' },
            }),
          );
        else accept(null, true);
      },
    }).array('file', files);
    upload(req, res, (error: unknown) => {
      if (!error && !checkCsrf()) error = csrfInvalid();
      if (error instanceof multer.MulterError)
        error =
          error.code === 'LIMIT_FILE_SIZE'
            ? tooLarge(limits)
            : error.code === 'LIMIT_FILE_COUNT' || error.code === 'LIMIT_UNEXPECTED_FILE'
              ? new AppError({
                  status: 413,
                  code: 'DOCUMENT.TOO_MANY_FILES',
                  messageKey: 'validation.documentCount',
                  vars: { max: files },
                  fields: { file: 'validation.documentCount' },
                })
              : new ValidationError({ file: 'validation.documentType' });
      if (error instanceof AppError && error.fields) {
        refused.set(req, error);
        next();
        return;
      }
      next(error);
    });
  };
}
