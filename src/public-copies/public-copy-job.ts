import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Types } from 'mongoose';
import { z } from 'zod';
import { agencyRedactionRules } from '../agencies/agency-directory.ts';
import { defineJob } from '../platform/job-definitions.ts';
import { runLimited, LimitedProcessError } from '../platform/limited-process.ts';
import { redactionContextOf } from '../redaction/public-text.ts';
import { REDACTION_RULES_VERSION } from '../redaction/redaction.ts';
import { requestFields } from '../requests/request-reads.ts';
import { documentTokens } from '../text/search-text.ts';
import { findDocument, openDocument } from '../documents/document-store.ts';
import type { PublicCopyInput, PublicCopyResult } from './public-copy-pipeline.ts';
import { storePreviews } from './copy-previews.ts';
import {
  keepPrivate,
  publicCopyOf,
  recordProgress,
  removePublicCopies,
  startCopy,
  storeReadyCopy,
} from './public-copy-store.ts';
import {
  copyableType,
  documentsArePublic,
  limitReason,
  publicFilename,
  textType,
} from './public-copy-types.ts';

/** Prepares one released document's public copy (DESIGN §7), on the `documents` queue. */
export const PUBLIC_COPY_JOB = defineJob(
  'documents',
  'public-copy',
  z.object({
    requestId: z.string().regex(/^[0-9a-f]{24}$/),
    documentId: z.string().regex(/^[0-9a-f]{24}$/),
  }),
);

export interface PublicCopySettings {
  timeoutMs: number;
  memoryBytes: number;
  maxPages: number;
  now: () => Date;
}

/** The most pixels one page may decode to: a 600 dpi A3 scan is 70 million. */
const MAX_PAGE_PIXELS = 80_000_000;
const CHILD = path.join(import.meta.dirname, 'public-copy-child.ts');

/**
 * The job: re-reads the request (still public, published, the document still
 * released, else nothing to do), copies the original to a directory of its
 * own, and runs the pipeline in a child process under the job's time and
 * memory limits, counted over it and every tool it starts. A crash is thrown
 * (BullMQ retries); a document that cannot be published is kept private with
 * the reason.
 */
export async function runPublicCopyJob(
  settings: PublicCopySettings,
  job: { requestId: string; documentId: string },
  attempt: { made: number; allowed: number } = { made: 0, allowed: 1 },
): Promise<string> {
  try {
    return await prepareCopy(settings, job);
  } catch (error) {
    // The last attempt failed: the document stays private, and says so, rather than "preparing".
    if (attempt.made + 1 >= attempt.allowed)
      await keepPrivate(new Types.ObjectId(job.documentId), 'failed', settings.now());
    throw error;
  }
}

async function prepareCopy(
  settings: PublicCopySettings,
  job: { requestId: string; documentId: string },
): Promise<string> {
  const requestId = new Types.ObjectId(job.requestId);
  const documentId = new Types.ObjectId(job.documentId);
  const request = await requestFields(requestId, {
    ref: 1,
    agency: 1,
    jurisdiction: 1,
    visibility: 1,
    requester: 1,
    attachments: 1,
    publication: 1,
  });
  const released = request?.attachments.some((a) => a.equals(documentId));
  const original =
    released && request && documentsArePublic(request)
      ? await findDocument(requestId, documentId)
      : undefined;
  if (!request || !original) return 'skipped';
  if (textType(original.metadata.contentType)) return 'skipped:text';
  const now = settings.now();
  const before = await publicCopyOf(documentId);
  // Published once ready: an answer through the API, or a copy the public could already read
  // (made again under new rules). A web answer's copy, or one changed, waits for the officer.
  const publish = (before?.published ?? false) || !request.publication?.reviewDocuments;
  await startCopy(requestId, documentId, REDACTION_RULES_VERSION, now);
  if (!copyableType(original.metadata.contentType)) {
    await keepPrivate(documentId, 'unsupported', now);
    return 'private:unsupported';
  }
  const workDir = await mkdtemp(path.join(tmpdir(), 'haqq-copy-'));
  try {
    const inputPath = path.join(workDir, 'original');
    await pipeline(openDocument(documentId), createWriteStream(inputPath));
    const input: PublicCopyInput = {
      input: inputPath,
      contentType: original.metadata.contentType,
      workDir,
      context: redactionContextOf(request, await agencyRedactionRules(request.agency)),
      limits: { maxPages: settings.maxPages, maxPixels: MAX_PAGE_PIXELS },
      tool: { timeoutMs: settings.timeoutMs, memoryBytes: settings.memoryBytes },
      adjustments: before?.adjustments ?? { lifted: [], words: [], added: [] },
    };
    const outcome = await runChild(settings, input, documentId);
    if (outcome.kind === 'private') {
      await keepPrivate(documentId, outcome.reason, settings.now());
      return `private:${outcome.reason}`;
    }
    const position = Math.max(
      0,
      request.attachments.findIndex((a) => a.equals(documentId)),
    );
    await storeReadyCopy(
      {
        request: requestId,
        document: documentId,
        filename: publicFilename(position),
        now: settings.now(),
        publish,
      },
      createReadStream(outcome.result.output),
      outcome.result.pages.map((page) => ({ ...page, tokens: documentTokens(page.text) })),
      outcome.result.sheets.map((sheet) => ({ ...sheet, csv: createReadStream(sheet.file) })),
    );
    await storePreviews(
      documentId,
      await Promise.all(
        outcome.result.pages.map((page) =>
          readFile(path.join(workDir, `preview-${String(page.page)}.png`)),
        ),
      ),
    );
    // Taken down while it was being prepared: what was just stored goes too.
    if ((await requestFields(requestId, { publication: 1 }))?.publication?.hiddenAt) {
      await removePublicCopies(requestId);
      return 'skipped:taken-down';
    }
    return `ready:${String(outcome.result.pages.length)}`;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

type Outcome = { kind: 'ready'; result: PublicCopyResult } | { kind: 'private'; reason: string };

/** Runs the pipeline's child process; its progress reaches the copy's record as it goes. */
async function runChild(
  settings: PublicCopySettings,
  input: PublicCopyInput,
  documentId: Types.ObjectId,
): Promise<Outcome> {
  let outcome: Outcome | null = null;
  // Set from the child's output, in a callback: an object, so that its type is not narrowed.
  const found: { file?: string } = {};
  let progress = Promise.resolve();
  try {
    await runLimited(
      process.execPath,
      [CHILD],
      { timeoutMs: settings.timeoutMs, memoryBytes: settings.memoryBytes },
      {
        stdin: JSON.stringify(input),
        // The limit counts the worker and its child processes together.
        withSelf: true,
        onLine(line) {
          const [word, ...rest] = line.split(' ');
          if (word === 'progress') {
            const [done, total] = rest.map(Number);
            progress = progress.then(() => recordProgress(documentId, done ?? 0, total ?? 0));
          } else if (word === 'result') found.file = rest.join(' ');
          else if (word === 'private') outcome = { kind: 'private', reason: rest[0] ?? 'corrupt' };
        },
      },
    );
  } catch (error) {
    if (!(error instanceof LimitedProcessError) || error.reason === 'exit') throw error;
    outcome = { kind: 'private', reason: limitReason(error.reason) };
  }
  await progress;
  if (found.file !== undefined && path.dirname(found.file) === input.workDir)
    outcome = {
      kind: 'ready',
      result: JSON.parse(await readFile(found.file, 'utf8')) as PublicCopyResult,
    };
  if (!outcome) throw new Error('the public copy pipeline ended without a result');
  return outcome;
}
