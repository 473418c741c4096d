import type { Types } from 'mongoose';
import type { Queues } from '../platform/queues.ts';
import { REDACTION_RULES_VERSION } from '../redaction/redaction.ts';
import { requestFields } from '../requests/request-reads.ts';
import { PUBLIC_COPY_JOB } from './public-copy-job.ts';
import { documentsArePublic } from './public-copy-types.ts';

/**
 * Queues a public copy of each released document of a published public
 * request, once per document and rules' version (the job id), so that a
 * repeated event queues nothing new.
 */
export async function queuePublicCopies(
  queues: Pick<Queues, 'documents'>,
  requestId: Types.ObjectId,
): Promise<number> {
  const request = await requestFields(requestId, { visibility: 1, attachments: 1, publication: 1 });
  if (!request || !documentsArePublic(request)) return 0;
  const jobs = request.attachments.map((document) => ({
    data: { requestId: requestId.toString(), documentId: document.toString() },
    opts: { jobId: `copy-${document.toString()}-${REDACTION_RULES_VERSION}`, attempts: 3 },
  }));
  await PUBLIC_COPY_JOB.addBulk(queues, jobs);
  return jobs.length;
}
