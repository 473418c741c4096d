import type { NextFunction, Request, Response } from 'express';
import { Types } from 'mongoose';
import multer from 'multer';
import { findDocument, openDocument, storeDocument } from '../documents/document-store.ts';
import { documentKind, MAX_DOCUMENT_BYTES, safeFilename } from '../documents/document-types.ts';
import { AppError, NotFoundError, ValidationError } from '../errors.ts';
import type { SessionUser } from '../users/user-store.ts';
import { findVisibleRequest } from './request-service.ts';
import { standingOf, visibleDocumentIds } from './request-view.ts';

const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: 30, fieldSize: 100_000 },
}).single('file');

/** Paths whose POST may be multipart: a document upload, or a page form carrying one. */
const MULTIPART_PATH =
  /^\/(api\/v1\/)?requests\/[A-Z]{2}-\d{4}-\d{6,}\/(documents|answer|message|reply)$/;

/**
 * Parses a multipart upload (one file, at most 10 MB) before CSRF is checked,
 * so a page form's `_csrf` field is read; anything else passes untouched.
 */
export function multipartUploads(req: Request, res: Response, next: NextFunction): void {
  if (req.method !== 'POST' || !req.is('multipart/form-data') || !MULTIPART_PATH.test(req.path)) {
    next();
    return;
  }
  upload(req, res, (error: unknown) => {
    if (error instanceof multer.MulterError) {
      next(
        error.code === 'LIMIT_FILE_SIZE'
          ? new AppError({
              status: 413,
              code: 'DOCUMENT.TOO_LARGE',
              messageKey: 'validation.documentSize',
              fields: { file: 'validation.documentSize' },
            })
          : new ValidationError({ file: 'validation.documentType' }),
      );
      return;
    }
    next(error);
  });
}

/**
 * Stores an uploaded file for a request, by its requester or its agency. The
 * type is told from the bytes (HTML and unknown types are refused) and the
 * file waits, unattached, until a message or an answer cites it.
 */
export async function uploadDocument(
  user: SessionUser,
  ref: string,
  file: Express.Multer.File | undefined,
) {
  const request = await findVisibleRequest(user, ref);
  const standing = standingOf(user, request);
  if (standing !== 'agency' && standing !== 'requester')
    throw new AppError({
      status: 403,
      code: 'AUTH.FORBIDDEN',
      messageKey: 'error.forbidden.message',
    });
  if (!file || file.size === 0) throw new ValidationError({ file: 'validation.documentMissing' });
  const name = Buffer.from(file.originalname, 'latin1').toString('utf8');
  const kind = documentKind(name, file.buffer);
  if (!kind) throw new ValidationError({ file: 'validation.documentType' });
  const filename = safeFilename(name, kind);
  const id = await storeDocument(file.buffer, filename, kind, {
    requestId: request._id,
    uploader: new Types.ObjectId(user.id),
    side: standing,
  });
  return { id: id.toString(), filename, contentType: kind.contentType, size: file.size };
}

/**
 * Sends a document as a download, never inline: a fixed content type from the
 * allow-list, `nosniff`, and a sandboxing CSP, so no upload can run as a page.
 */
export async function sendDocument(
  user: SessionUser | undefined,
  ref: string,
  id: string,
  res: Response,
): Promise<void> {
  const request = await findVisibleRequest(user, ref);
  const standing = standingOf(user, request);
  const wanted = Types.ObjectId.isValid(id) ? new Types.ObjectId(id) : null;
  const found = wanted ? await findDocument(request._id, wanted) : undefined;
  // Cited in a message or the answer the user may read, or the user's own upload.
  const visible =
    found !== undefined &&
    (visibleDocumentIds(request, standing).some((id) => id.equals(found._id)) ||
      (user !== undefined && found.metadata.uploader?.toString() === user.id));
  const doc = visible ? found : undefined;
  if (!doc) throw new NotFoundError('DOCUMENT.NOT_FOUND', 'request.documentNotFound');
  res.set({
    'Content-Type': doc.metadata.contentType,
    'Content-Length': String(doc.length),
    'Content-Disposition': `attachment; filename="${doc.filename.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(doc.filename)}`,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': 'private, no-store',
  });
  openDocument(doc._id)
    .on('error', () => {
      res.destroy();
    })
    .pipe(res);
}
