import type { Response } from 'express';
import { Types } from 'mongoose';
import { findDocument, openDocument } from '../documents/document-store.ts';
import { NotFoundError } from '../errors.ts';
import type { SessionUser } from '../users/user-store.ts';
import { findVisibleRequest } from './request-service.ts';
import { standingOf, visibleDocumentIds } from './request-view.ts';

/** Paths whose POST may be multipart: a document upload, or a page form carrying one. */
export const UPLOAD_PATH =
  /^\/(api\/v1\/)?requests\/[A-Z]{2}-\d{4}-\d{6,}\/(documents|answer|message|reply)$/;

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
