import { Readable } from 'node:stream';
import type { NextFunction, Request, Response } from 'express';
import { Types } from 'mongoose';
import multer from 'multer';
import {
  countWaitingUploads,
  deleteDocument,
  storeDocumentStream,
} from '../../documents/document-store.ts';
import { documentKind, MAX_DOCUMENT_BYTES, safeFilename } from '../../documents/document-types.ts';
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

const stored = new WeakMap<Request, StoredUpload>();
const refused = new WeakMap<Request, AppError>();

/** The upload this request carried, once receiveUpload has stored it. */
export const uploadOf = (req: Request): StoredUpload | undefined => stored.get(req);

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

/** Counts bytes as they pass and fails past MAX_DOCUMENT_BYTES (busboy stops one byte later). */
async function* capped(source: Readable) {
  let size = 0;
  for await (const chunk of source as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_DOCUMENT_BYTES) throw tooLarge();
    yield chunk;
  }
}

const tooLarge = () =>
  new AppError({
    status: 413,
    code: 'DOCUMENT.TOO_LARGE',
    messageKey: 'validation.documentSize',
    fields: { file: 'validation.documentSize' },
  });

/** multer's storage engine: the file streams into GridFS, typed by its first bytes. */
function gridFsStorage(
  requestId: Types.ObjectId,
  uploader: Types.ObjectId,
  side: 'agency' | 'requester',
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
        const { id, size } = await storeDocumentStream(Readable.from(capped(all)), filename, kind, {
          requestId,
          uploader,
          side,
        });
        stored.set(req, { id: id.toString(), filename, contentType: kind.contentType, size });
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
 * Receives the one file a multipart POST on a request may carry (anything
 * else passes untouched). Before a byte of the body is read: the user is
 * signed in (the route's guard), the request is theirs to upload to (its
 * requester or its agency), and they have fewer than WAITING_UPLOADS_PER_DAY
 * uploads waiting. A page form's CSRF field, which comes before its file, is
 * checked before the file is read. The file then streams into GridFS (10 MB
 * at most), never held whole in memory.
 */
export function receiveUpload() {
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
      storage: gridFsStorage(request._id, uploader, side),
      limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: 30, fieldSize: 100_000 },
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
    }).single('file');
    upload(req, res, (error: unknown) => {
      if (!error && !checkCsrf()) error = csrfInvalid();
      if (error instanceof multer.MulterError)
        error =
          error.code === 'LIMIT_FILE_SIZE'
            ? tooLarge()
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
