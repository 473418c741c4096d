import express, { type Request, type Response, type Router } from 'express';
import { Types } from 'mongoose';
import { NotFoundError } from '../../errors.ts';
import { t } from '../../i18n/i18n.ts';
import type { Queues } from '../../platform/queues.ts';
import {
  changeCopyBoxes,
  copyChanges,
  copyForReview,
  publishReviewedCopy,
} from '../../publication/copy-review.ts';
import {
  openPublicCopy,
  openPublicSheet,
  publicCopyView,
} from '../../publication/released-documents.ts';
import { openPreview } from '../../public-copies/copy-previews.ts';
import { refOf } from '../../requests/request-schemas.ts';
import { findVisibleRequest } from '../../requests/request-service.ts';
import { requireRole, signedInUser } from '../middleware/auth.ts';
import { csrfToken } from '../middleware/csrf.ts';
import { formErrors, parseBody } from '../middleware/validation.ts';
import { sendDownload } from './request-downloads.ts';
import { copyReviewView } from './document-copy-view.ts';
import { list, text, type Form } from './request-form-input.ts';
import { standingOf } from './request-projection.ts';

const STAFF = ['officer', 'agency_admin', 'admin'] as const;

/**
 * A released document's public copy: its page and PDF for everyone (once
 * published), and its review for the staff of the request's agency, who see
 * each page with its boxes, lift one, hide words everywhere, draw a box
 * (with JavaScript), prepare it again and publish it.
 */
export function documentCopyRoutes(deps: { queues: Pick<Queues, 'documents'> }): Router {
  const router = express.Router();

  router.get('/requests/:ref/documents/:id/public', async (req, res) => {
    const ref = refOf(req);
    const request = await findVisibleRequest(req.user, ref);
    const copy = await publicCopyView(request, req.params.id);
    const digits = req.formatIn(request.jurisdiction).digits;
    res.render('requests/document', {
      titleText: copy.filename,
      ref,
      filename: copy.filename,
      pdfUrl: copy.pdfUrl,
      sheets: copy.sheets.map((sheet) => ({
        url: sheet.url,
        label: t(req.locale, 'document.sheet', {
          n: digits(String(sheet.n)),
          name: sheet.name ?? t(req.locale, 'document.sheetUnnamed'),
        }),
        hidden: sheet.hidden
          ? digits(t(req.locale, 'document.cellsHidden', { count: sheet.hidden }))
          : null,
      })),
      pages: copy.pages.map((page) => {
        const removed = page.boxes.filter((box) => !box.lifted).length;
        return {
          number: digits(String(page.page)),
          anchor: `page-${String(page.page)}`,
          machineRead: page.machineRead,
          removedText: removed
            ? digits(t(req.locale, 'document.removed', { count: removed }))
            : null,
          lines: page.text.split('\n').filter((line) => line.trim()),
        };
      }),
    });
  });
  router.get('/requests/:ref/documents/:id/sheets/:sheet', async (req, res) => {
    const request = await findVisibleRequest(req.user, refOf(req));
    const n = /^(\d{1,3})\.csv$/.exec(req.params.sheet)?.[1];
    if (!n) throw new NotFoundError('DOCUMENT.NOT_FOUND', 'request.documentNotFound');
    sendDownload(res, await openPublicSheet(request, req.params.id, Number(n)));
  });
  router.get('/requests/:ref/documents/:id/public.pdf', async (req, res) => {
    const request = await findVisibleRequest(req.user, refOf(req));
    sendDownload(res, await openPublicCopy(request, req.params.id));
  });

  /** The request and its copy, for its agency's staff only (others: 404, as hidden objects are). */
  const reviewed = async (req: Request) => {
    const user = signedInUser(req);
    const request = await findVisibleRequest(user, refOf(req));
    if (standingOf(user, request) !== 'agency')
      throw new NotFoundError('DOCUMENT.NOT_FOUND', 'request.documentNotFound');
    return { user, request, ...(await copyForReview(request, String(req.params.id))) };
  };
  const reviewPage = async (req: Request, res: Response, status = 200, extra: Form = {}) => {
    const { request, copy, filename } = await reviewed(req);
    res.status(status).render('requests/document-review', {
      titleText: t(req.locale, 'review.title', { document: filename }),
      csrf: csrfToken(req, res),
      ...copyReviewView(
        req.locale,
        request.ref,
        copy,
        filename,
        req.formatIn(request.jurisdiction),
      ),
      ...extra,
    });
  };

  router.get('/requests/:ref/documents/:id/review', requireRole(...STAFF), async (req, res) => {
    await reviewPage(req, res);
  });
  router.get(
    '/requests/:ref/documents/:id/review/pages/:page',
    requireRole(...STAFF),
    async (req, res) => {
      const { copy } = await reviewed(req);
      const page = /^(\d{1,4})\.png$/.exec(String(req.params.page))?.[1];
      const preview = page ? await openPreview(copy.document, Number(page)) : null;
      if (!preview) throw new NotFoundError('DOCUMENT.NOT_FOUND', 'request.documentNotFound');
      res.set({
        'Content-Type': 'image/png',
        'Content-Length': String(preview.length),
        'Cache-Control': 'private, no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      preview.stream.pipe(res);
    },
  );
  router.post('/requests/:ref/documents/:id/review', requireRole(...STAFF), async (req, res) => {
    const { user, request, copy } = await reviewed(req);
    const form = req.body as Form;
    const by = new Types.ObjectId(user.id);
    try {
      if (text(form.intent) === 'publish') {
        await publishReviewedCopy(copy, by, new Date());
        res.redirect(303, `/requests/${request.ref}?done=copyPublished`);
        return;
      }
      const changes = parseBody(copyChanges, {
        lift: list(form.lift),
        words: text(form.words)
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter(Boolean),
        add: list(form.add),
      });
      await changeCopyBoxes(deps.queues, request, copy, changes, by, new Date());
      res.redirect(303, `/requests/${request.ref}/documents/${copy.document.toString()}/review`);
    } catch (error) {
      await reviewPage(req, res, 422, { fields: formErrors(req.locale, error) });
    }
  });
  return router;
}
