// `npm run documents:rebuild`: prepares every released document's public copy again (after
// the redaction rules, the OCR models or the tools changed, or for documents released
// before public copies existed), one at a time, printing its progress and the time left.
import { boot } from '../src/boot.ts';
import { disconnectMongo } from '../src/platform/mongo.ts';
import { createProgress, type Progress } from '../src/platform/progress.ts';
import { rebuildPublicCopies } from '../src/public-copies/public-copy-rebuild.ts';

const { config, logger } = await boot('documents-rebuild');
const started = Date.now();
let progress: Progress | undefined;
const result = await rebuildPublicCopies(
  {
    timeoutMs: config.DOCUMENT_COPY_TIMEOUT_S * 1000,
    memoryBytes: config.DOCUMENT_COPY_MEMORY_MB * 1024 * 1024,
    maxPages: config.DOCUMENT_MAX_PAGES,
    now: () => new Date(),
  },
  {
    onStart: (total) => {
      progress = createProgress('documents:rebuild: public copies prepared', total);
    },
    onProgress: (done) => progress?.update(done),
  },
);
progress?.finish();
logger.info({ ...result, ms: Date.now() - started }, 'public copies rebuilt');
console.log(
  `${String(result.documents)} released documents: ${String(result.ready)} public copies ready, ${String(result.private)} kept private, ${String(result.skipped)} with no copy (text files), ${String(result.failed)} failed, in ${String(Math.round((Date.now() - started) / 1000))} s`,
);
await disconnectMongo();
