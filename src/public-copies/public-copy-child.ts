import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { LimitedProcessError } from '../platform/limited-process.ts';
import { UnreadableDocument } from './pdf-pages.ts';
import { limitReason } from './public-copy-types.ts';
import { preparePublicCopy, type PublicCopyInput } from './public-copy-pipeline.ts';

/**
 * The child process a public-copy job runs (public-copy-job.ts): it reads the
 * job's input as JSON on stdin, writes `progress <done> <total>` after each
 * page, and ends with one line: `result <file>` (the result as JSON, written in the
 * job's directory: a long document's pages are megabytes), or `private <reason>` for a
 * document that cannot be published (MuPDF's errors are the file's). A tool
 * that fails, or a crash, ends the process otherwise, and the job is retried.
 */
const input = JSON.parse(await text(process.stdin)) as PublicCopyInput;
try {
  const result = await preparePublicCopy(input, (done, total) => {
    process.stdout.write(`progress ${String(done)} ${String(total)}\n`);
  });
  const file = path.join(input.workDir, 'result.json');
  await writeFile(file, JSON.stringify(result));
  process.stdout.write(`result ${file}\n`);
} catch (error) {
  if (error instanceof UnreadableDocument) process.stdout.write(`private ${error.reason}\n`);
  else if (error instanceof LimitedProcessError && error.reason !== 'exit')
    process.stdout.write(`private ${limitReason(error.reason)}\n`);
  else if (error instanceof LimitedProcessError) throw error;
  // MuPDF's own refusals (a damaged file, an image whose size overflows): the file, not the job.
  else {
    const reason = /dimensions|overflow|too large/i.test(String(error))
      ? 'too_many_pixels'
      : 'corrupt';
    process.stderr.write(`public copy: ${String(error)}\n`);
    process.stdout.write(`private ${reason}\n`);
  }
}
