import { Types } from 'mongoose';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../errors.ts';
import type { Queues } from '../platform/queues.ts';
import type { CopyAdjustments } from '../public-copies/page-types.ts';
import { PUBLIC_COPY_JOB } from '../public-copies/public-copy-job.ts';
import {
  changeCopy,
  publicCopyOf,
  publishCopy,
  type PublicCopyRecord,
} from '../public-copies/public-copy-store.ts';
import {
  copyableType,
  documentsArePublic,
  publicFilename,
} from '../public-copies/public-copy-types.ts';
import { findDocument } from '../documents/document-store.ts';
import { REDACTION_RULES_VERSION } from '../redaction/redaction.ts';
import type { StoredRequest } from '../requests/stored-request.ts';

/**
 * A released document's public copy as its agency reviews it (one not yet
 * begun reads as being prepared): a 404 unless the request is public and
 * published and the document released with a kind that gets a copy. The
 * caller has checked that the user handles the request.
 */
export async function copyForReview(
  request: StoredRequest,
  id: string,
): Promise<{ copy: PublicCopyRecord; filename: string }> {
  const wanted = Types.ObjectId.isValid(id) ? new Types.ObjectId(id) : null;
  const position = wanted ? request.attachments.findIndex((a) => a.equals(wanted)) : -1;
  const original =
    wanted && position >= 0 && documentsArePublic(request)
      ? await findDocument(request._id, wanted)
      : null;
  if (!wanted || !original || !copyableType(original.metadata.contentType))
    throw new NotFoundError('DOCUMENT.NOT_FOUND', 'request.documentNotFound');
  const copy = (await publicCopyOf(wanted)) ?? notBegun(request._id, wanted);
  return { copy, filename: publicFilename(position) };
}

/** A copy the workers have not begun yet: being prepared, nothing to show. */
function notBegun(request: Types.ObjectId, document: Types.ObjectId): PublicCopyRecord {
  return {
    _id: document,
    document,
    request,
    status: 'preparing',
    reason: null,
    published: false,
    pagesDone: 0,
    pagesTotal: 0,
    pages: [],
    adjustments: { lifted: [], words: [], added: [] },
    log: [],
    rules: REDACTION_RULES_VERSION,
    file: null,
    sheets: [],
    updatedAt: new Date(0),
  };
}

/** A box drawn on a page: its page and its corners as fractions of the page (0 to 1). */
const drawn = z
  .string()
  .regex(/^\d{1,4}:(?:0|1|0\.\d{1,4}),(?:0|1|0\.\d{1,4}),(?:0|1|0\.\d{1,4}),(?:0|1|0\.\d{1,4})$/);

/** The review form's changes, checked: what it lifts must be a box of the copy. */
export const copyChanges = z.object({
  lift: z.array(z.string().max(200)).max(500).default([]),
  words: z
    .array(z.string().trim().min(2, 'validation.hide').max(200, 'validation.hide'))
    .max(20, 'validation.hide')
    .default([]),
  add: z.array(drawn).max(200, 'validation.oneOf').default([]),
});
export type CopyChanges = z.infer<typeof copyChanges>;

/** The changes as the pipeline applies them, boxes in points; a bad page or box is refused. */
function adjustmentsOf(copy: PublicCopyRecord, changes: CopyChanges): CopyAdjustments {
  const keys = new Set(copy.pages.flatMap((page) => page.boxes.map((box) => box.key)));
  if (changes.lift.some((key) => !keys.has(key)))
    throw new ValidationError({ lift: 'validation.oneOf' });
  const added = changes.add.map((value) => {
    const [pageText = '', corners = ''] = value.split(':');
    const page = copy.pages[Number(pageText) - 1];
    const [a = 0, b = 0, c = 0, d = 0] = corners.split(',').map(Number);
    if (!page || c - a < 0.005 || d - b < 0.003)
      throw new ValidationError({ add: 'validation.box' });
    const box = {
      x0: a * page.width,
      y0: b * page.height,
      x1: c * page.width,
      y1: d * page.height,
    };
    return { page: page.page, box };
  });
  return {
    lifted: changes.lift,
    words: changes.words,
    added: [...copy.adjustments.added, ...added],
  };
}

/**
 * An officer's changes to a copy's boxes: saved, the copy withdrawn from the
 * public at once, and prepared again (a job of its own, named by its change).
 */
export async function changeCopyBoxes(
  queues: Pick<Queues, 'documents'>,
  request: StoredRequest,
  copy: PublicCopyRecord,
  changes: CopyChanges,
  by: Types.ObjectId,
  now: Date,
): Promise<void> {
  if (!(await changeCopy(copy.document, adjustmentsOf(copy, changes), by, now)))
    throw new ValidationError({ intent: 'validation.copyNotReady' });
  await PUBLIC_COPY_JOB.add(
    queues,
    { requestId: request._id.toString(), documentId: copy.document.toString() },
    {
      jobId: `copy-${copy.document.toString()}-${REDACTION_RULES_VERSION}-${String(copy.log.length)}`,
      attempts: 3,
    },
  );
}

/** An officer publishes a reviewed copy: the public reads it from now on. */
export async function publishReviewedCopy(
  copy: PublicCopyRecord,
  by: Types.ObjectId,
  now: Date,
): Promise<void> {
  if (!(await publishCopy(copy.document, by, now)))
    throw new ValidationError({ intent: 'validation.copyNotReady' });
}
