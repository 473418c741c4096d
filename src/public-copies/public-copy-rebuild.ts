import type { Types } from 'mongoose';
import { publishedStream } from '../requests/request-reads.ts';
import { runPublicCopyJob, type PublicCopySettings } from './public-copy-job.ts';

export interface CopiesRebuilt {
  documents: number;
  ready: number;
  private: number;
  skipped: number;
  failed: number;
}

/**
 * Every released document of every published public request prepared again
 * (`npm run documents:rebuild`: after the redaction rules, the OCR models or
 * the tools changed, or for documents released before public copies
 * existed), one at a time, each under the job's limits. A copy the public
 * could read stays published; one waiting for review still waits. A document
 * that fails is kept private with the reason and the rebuild goes on.
 */
export async function rebuildPublicCopies(
  settings: PublicCopySettings,
  hooks: { onStart?: (total: number) => void; onProgress?: (done: number) => void } = {},
): Promise<CopiesRebuilt> {
  const documents: Array<{ requestId: Types.ObjectId; documentId: Types.ObjectId }> = [];
  for await (const request of publishedStream({ attachments: 1, publication: 1 }))
    if (request.publication?.publishedAt)
      for (const documentId of request.attachments)
        documents.push({ requestId: request._id, documentId });
  hooks.onStart?.(documents.length);
  const done: CopiesRebuilt = {
    documents: documents.length,
    ready: 0,
    private: 0,
    skipped: 0,
    failed: 0,
  };
  for (const [i, { requestId, documentId }] of documents.entries()) {
    try {
      const outcome = await runPublicCopyJob(settings, {
        requestId: requestId.toString(),
        documentId: documentId.toString(),
      });
      if (outcome.startsWith('ready')) done.ready += 1;
      else if (outcome.startsWith('private')) done.private += 1;
      else done.skipped += 1;
    } catch {
      // runPublicCopyJob kept it private ("failed") on this, its only attempt.
      done.failed += 1;
    }
    hooks.onProgress?.(i + 1);
  }
  return done;
}
