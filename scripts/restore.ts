// `npm run restore -- DIR [--drop] [--identity KEYFILE]`: checks an archive made by `npm run backup`
// (format version, every file's size and SHA-256) and restores it into the
// configured database (MONGODB_URI), printing its progress; refuses a database
// that holds data unless --drop. Then recreates the indexes the release
// declares and asks the workers for a reconcile at once, which rebuilds from the
// restored requests every reminder job Redis does not hold. An encrypted archive
// is read with the age private key in KEYFILE (or BACKUP_AGE_IDENTITY_FILE).
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { identityOf } from '../src/backup/backup-crypto.ts';
import { RestoreRefused, restoreArchive } from '../src/backup/backup-reader.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/platform/logger.ts';
import {
  connectMongo,
  connectedDb,
  disconnectMongo,
  ensureIndexes,
} from '../src/platform/mongo.ts';
import { createProgress } from '../src/platform/progress.ts';
import { closeQueues, createQueues } from '../src/platform/queues.ts';
import { closeRedis, createRedis } from '../src/platform/redis.ts';
import { RECONCILE_JOB } from '../src/reminders/reminder-scheduler.ts';
import '../src/models.ts';

const { values, positionals } = parseArgs({
  options: { drop: { type: 'boolean', default: false }, identity: { type: 'string' } },
  allowPositionals: true,
});
const dir = positionals[0];
if (!dir || positionals.length > 1) {
  console.error('usage: npm run restore -- <archive directory> [--drop] [--identity KEYFILE]');
  process.exit(2);
}
const config = loadConfig();
const keyFile = values.identity ?? config.BACKUP_AGE_IDENTITY_FILE;
const identity = keyFile ? identityOf(await readFile(keyFile, 'utf8')) : undefined;
const logger = createLogger({ LOG_LEVEL: 'warn' }, 'restore');
await connectMongo(config.MONGODB_URI, logger);
const started = Date.now();
let progress: ReturnType<typeof createProgress> | undefined;
try {
  const result = await restoreArchive(connectedDb(), dir, {
    drop: values.drop,
    ...(identity ? { identity } : {}),
    onProgress: (done, total) => {
      progress ??= createProgress('restore: documents inserted', total);
      progress.update(done);
    },
  });
  progress?.finish();
  await ensureIndexes();
  const redis = createRedis(config.REDIS_URL, logger, { forWorker: true });
  const queues = createQueues(redis, config.REDIS_PREFIX);
  await RECONCILE_JOB.add(queues, {}, { jobId: `reconcile-restored-${String(Date.now())}` });
  await closeQueues(queues);
  await closeRedis(redis);
  console.log(
    `restore: ${String(result.collections)} collections, ${result.documents.toLocaleString('en-US')} documents in ${String(Math.round((Date.now() - started) / 1000))} s; a reconcile is queued for the workers`,
  );
} catch (error) {
  console.error(
    error instanceof RestoreRefused
      ? `restore refused: ${error.message}`
      : `restore failed: ${(error as Error).message}`,
  );
  process.exitCode = 1;
} finally {
  await disconnectMongo();
}
