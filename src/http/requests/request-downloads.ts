import type { Response } from 'express';
import { Types } from 'mongoose';
import { findDocument, openDocument, type Download } from '../../documents/document-store.ts';
import { NotFoundError } from '../../errors.ts';
import type { SessionUser } from '../../users/user-store.ts';
import { findVisibleRequest } from '../../requests/request-service.ts';
import { standingOf, visibleDocumentIds } from './request-projection.ts';

/** Paths whose POST may be multipart: a document upload, or a page form carrying one. */
export const UPLOAD_PATH =
  /^\/(api\/v1\/)?requests\/[A-Z]{2}-\d{4}-\d{6,}\/(documents|answer|message|reply)$/;

/**
 * The document `id` of a request, if `user` may download it: cited in a
 * message or the answer they may read, or their own upload; otherwise a 404
 * (DOCUMENT.NOT_FOUND), the same for a document that does not exist.
 */
export async function openVisibleDocument(
  user: SessionUser | undefined,
  ref: string,
  id: string,
): Promise<Download> {
  const request = await findVisibleRequest(user, ref);
  const standing = standingOf(user, request);
  const wanted = Types.ObjectId.isValid(id) ? new Types.ObjectId(id) : null;
  const found = wanted ? await findDocument(request._id, wanted) : undefined;
  const visible =
    found !== undefined &&
    (visibleDocumentIds(request, standing).some((id) => id.equals(found._id)) ||
      (user !== undefined && found.metadata.uploader?.toString() === user.id));
  if (!found || !visible) throw new NotFoundError('DOCUMENT.NOT_FOUND', 'request.documentNotFound');
  return {
    filename: found.filename,
    contentType: found.metadata.contentType,
    length: found.length,
    stream: openDocument(found._id),
  };
}

/**
 * Sends a download, never inline: a fixed content type from the allow-list,
 * `nosniff`, and a sandboxing CSP, so no upload can run as a page.
 */
export function sendDownload(res: Response, download: Download): void {
  const ascii = download.filename.replace(/[^\x20-\x7e]/g, '_');
  res.set({
    'Content-Type': download.contentType,
    'Content-Length': String(download.length),
    'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(download.filename)}`,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': 'private, no-store',
  });
  download.stream
    .on('error', () => {
      res.destroy();
    })
    .pipe(res);
}
