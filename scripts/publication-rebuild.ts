// `npm run publication:rebuild`: redacts every public request's published words
// again under today's rules (after an upgrade that changed them), then rewrites
// the kept open-data snapshots, printing its progress.
import { boot } from '../src/boot.ts';
import { disconnectMongo } from '../src/platform/mongo.ts';
import { createProgress, type Progress } from '../src/platform/progress.ts';
import { rebuildPublication } from '../src/publication/publication-rebuild.ts';
import { REDACTION_RULES_VERSION } from '../src/redaction/redaction.ts';

const { config, logger } = await boot('publication-rebuild');
const started = Date.now();
let progress: Progress | undefined;
const result = await rebuildPublication({
  baseUrl: config.BASE_URL,
  now: new Date(),
  onStart: (total) => {
    progress = createProgress(
      `publication:rebuild: requests redacted again (rules ${REDACTION_RULES_VERSION})`,
      total,
    );
  },
  onProgress: (done) => progress?.update(done),
});
progress?.finish();
logger.info({ ...result, ms: Date.now() - started }, 'publication rebuilt');
console.log(
  `redacted ${String(result.requests)} public requests again and rewrote ${String(result.snapshotFiles)} open-data files in ${String(Date.now() - started)} ms`,
);
await disconnectMongo();
